using Ingestion.Api.Cluster;
using Orleans.Runtime;
using Orleans.Storage;
using Polly.Timeout;

namespace Ingestion.UnitTests.Cluster;

public sealed class ClusterFaultsTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new SiloUnavailableException("The target silo became unavailable."),
        new TimeoutException("Response did not arrive on time."),
        new TimeoutRejectedException("The budget ran out."),
        new GatewayTooBusyException(),
    };

    public static TheoryData<Exception> NotTransient => new()
    {
        new InvalidOperationException("The job has no run."),
        new InconsistentStateException("ETag mismatch."),
        new OrleansException("Something the grain threw."),
        new OperationCanceledException(),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Failures_of_the_cluster_are_transient(Exception exception) =>
        Assert.True(ClusterFaults.IsTransient(exception));

    [Theory]
    [MemberData(nameof(NotTransient))]
    public void Failures_of_the_grain_or_the_caller_are_not(Exception exception) =>
        Assert.False(ClusterFaults.IsTransient(exception));

    [Fact]
    public void A_call_without_an_answer_in_time_says_so_and_names_slow_storage_as_a_cause()
    {
        foreach (var timedOut in new Exception[] { new TimeoutException("Response did not arrive on time."), new TimeoutRejectedException("The budget ran out.") })
        {
            var (title, detail) = ClusterFaults.Describe(timedOut);
            Assert.Equal("The cluster did not answer in time.", title);
            Assert.Contains("storage", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_silo_that_is_unavailable_is_the_cluster_reconfiguring()
    {
        var (title, _) = ClusterFaults.Describe(new SiloUnavailableException("The target silo became unavailable."));
        Assert.Equal("The cluster is reconfiguring.", title);
    }
}
