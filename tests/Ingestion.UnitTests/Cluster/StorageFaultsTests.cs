using System.Net;
using Azure;
using Ingestion.Api.Cluster;
using Orleans.Runtime;
using Orleans.Storage;
using static Ingestion.UnitTests.Cluster.ArrivedStorageFailures;

namespace Ingestion.UnitTests.Cluster;

public sealed class StorageFaultsTests
{
    [Fact]
    public async Task A_table_query_refused_by_storage_that_is_down_is_transient() =>
        Assert.True(StorageFaults.IsTransient(Arrived(await ConnectionRefusedAsync())));

    [Fact]
    public async Task A_state_read_refused_by_storage_that_is_down_is_transient() =>
        Assert.True(StorageFaults.IsTransient(Arrived(AsStateRead(await ConnectionRefusedAsync()))));

    [Fact]
    public async Task A_state_read_whose_every_try_timed_out_is_transient()
    {
        var timedOut = await TimedOutAsync();

        // What the SDK throws when storage is too slow: its tries' cancellations, not the caller's.
        Assert.All(Assert.IsType<AggregateException>(timedOut).InnerExceptions, attempt => Assert.IsType<TaskCanceledException>(attempt));
        Assert.True(StorageFaults.IsTransient(Arrived(AsStateRead(timedOut))));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServerBusy")]
    [InlineData(HttpStatusCode.TooManyRequests, "ServerBusy")]
    public async Task Storage_answering_a_server_error_or_throttling_is_transient(HttpStatusCode status, string errorCode)
    {
        var answered = await AnsweredAsync(status, errorCode);

        Assert.True(StorageFaults.IsTransient(Arrived(answered)));
        Assert.True(StorageFaults.IsTransient(Arrived(AsStateRead(answered))));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "BlobNotFound")]
    [InlineData(HttpStatusCode.Conflict, "LeaseAlreadyPresent")]
    [InlineData(HttpStatusCode.PreconditionFailed, "ConditionNotMet")]
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationFailure")]
    public async Task A_refusal_that_reaches_the_API_is_not_transient(HttpStatusCode status, string errorCode)
    {
        // The grain expects these where they can happen; one that reaches the API is a bug, not an outage.
        var answered = await AnsweredAsync(status, errorCode);

        Assert.False(StorageFaults.IsTransient(Arrived(answered)));
        Assert.False(StorageFaults.IsTransient(Arrived(AsStateRead(answered))));
    }

    [Fact]
    public async Task An_ETag_conflict_on_the_grain_state_is_not_transient()
    {
        var conflict = new InconsistentStateException("ETag mismatch.", "stored", "current", await AnsweredAsync(HttpStatusCode.PreconditionFailed, "ConditionNotMet"));

        Assert.False(StorageFaults.IsTransient(Arrived(conflict)));
    }

    public static TheoryData<Exception> NotStorage => new()
    {
        ANullReference(),
        AsStateRead(ANullReference()),
        new OrleansException("Something the grain threw."),
        new InvalidOperationException("The job has no run."),
        new RequestFailedException("Thrown by the grain, with no answer and no network error behind it."),
        new AggregateException(new RequestFailedException("Connection refused", new HttpRequestException("Connection refused")), ANullReference()),
        new AggregateException(),
    };

    [Theory]
    [MemberData(nameof(NotStorage))]
    public void A_failure_of_the_grain_is_not_transient(Exception exception)
    {
        Assert.False(StorageFaults.IsTransient(exception));
        Assert.False(StorageFaults.IsTransient(Arrived(exception)));
    }

    /// <summary>A bug, as the runtime throws it.</summary>
    private static NullReferenceException ANullReference()
    {
        string? missing = null;
        try
        {
            _ = missing!.Length;
        }
        catch (NullReferenceException bug)
        {
            return bug;
        }

        throw new InvalidOperationException("Dereferencing null did not throw.");
    }

    [Fact]
    public void A_request_the_client_cancelled_is_not_transient()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        Assert.False(StorageFaults.IsTransient(new TaskCanceledException("The request was aborted.", null, aborted.Token)));
        Assert.False(StorageFaults.IsTransient(new OperationCanceledException(aborted.Token)));
    }
}
