using Ingestion.Api.Cluster;
using Ingestion.Api.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Polly.Timeout;

namespace Ingestion.UnitTests.Cluster;

public sealed class ClusterCallsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_the_cluster_fails_is_tried_again_until_it_answers()
    {
        var calls = 0;
        var answer = await Calls().RepeatableAsync(
            () => ++calls < 3 ? throw new SiloUnavailableException("gone") : Task.FromResult("view"), Cancellation);

        Assert.Equal("view", answer);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_failure_of_the_grain_is_not_tried_again()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Calls().RepeatableAsync<string>(
            () => { calls++; throw new InvalidOperationException("no run"); }, Cancellation));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Past_its_budget_it_stops_trying_and_waiting()
    {
        var calls = 0;
        var started = DateTimeOffset.UtcNow;
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Calls(budget: "00:00:01").RepeatableAsync<string>(
            () => ++calls == 1 ? throw new SiloUnavailableException("gone") : new TaskCompletionSource<string>().Task, Cancellation));

        Assert.Equal(2, calls);
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData("00:00:07", 7)]
    public void The_client_reads_the_gateways_every_few_seconds_not_every_minute(string? configured, int seconds)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings["Ingestion:Api:ClusterCalls:GatewayListRefreshPeriod"] = configured;
        }

        var gateways = new ServiceCollection()
            .AddLogging()
            .AddClusterCalls(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider()
            .GetRequiredService<IOptions<GatewayOptions>>().Value;

        // A redeploy replaces every silo: with Orleans' default of a minute, the client would be left without a gateway.
        Assert.Equal(TimeSpan.FromSeconds(seconds), gateways.GatewayListRefreshPeriod);
    }

    private static ClusterCalls Calls(string budget = "00:00:10") =>
        new ServiceCollection()
            .AddLogging()
            .AddClusterCalls(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ingestion:Api:ClusterCalls:RetryBudget"] = budget,
                ["Ingestion:Api:ClusterCalls:FirstRetryDelay"] = "00:00:00.010",
            }).Build())
            .BuildServiceProvider()
            .GetRequiredService<ClusterCalls>();
}
