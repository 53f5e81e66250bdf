using Azure.Storage.Blobs;
using Ingestion.Grains.Jobs;
using Ingestion.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Ingestion.UnitTests.Jobs;

/// <summary>A job activation whose state another activation wrote since it read it goes, rather than failing every write after.</summary>
public class JobSavesTests
{
    [Fact]
    public async Task A_write_refused_for_a_newer_state_ends_the_activation_and_is_thrown()
    {
        var state = new RefusingState();
        var ended = 0;
        var saves = Saves(state, () => ended++);

        await Assert.ThrowsAsync<InconsistentStateException>(() => saves.WriteAsync(CancellationToken.None));

        Assert.Equal(1, ended);
    }

    [Fact]
    public async Task A_save_that_is_only_tried_ends_the_activation_too()
    {
        var state = new RefusingState();
        var ended = 0;
        var saves = Saves(state, () => ended++);
        var run = new JobRun(Guid.CreateVersion7(), new JobState { Spec = JobSpecParsing.Parse("""{ "source": { "urls": ["https://x.example/1"] } }""").Spec! }, failFastPages: 10);

        await saves.TryNowAsync(run);

        Assert.Equal(1, ended);
    }

    [Fact]
    public async Task Any_other_failure_leaves_the_activation_to_try_again()
    {
        var state = new RefusingState { Failure = new TimeoutException("storage is slow") };
        var ended = 0;
        var saves = Saves(state, () => ended++);

        await Assert.ThrowsAsync<TimeoutException>(() => saves.WriteAsync(CancellationToken.None));

        Assert.Equal(0, ended);
    }

    private static JobSaves Saves(IPersistentState<JobState> state, Action onConflict)
    {
        // Never reached: nothing is journaled in these tests.
        var blobs = new BlobServiceClient("UseDevelopmentStorage=true");
        var journal = new UnstoredPageJournal(blobs, new BlobContainers(blobs), Options.Create(new StorageOptions()));
        return new JobSaves(state, journal, Guid.CreateVersion7(), NullLogger.Instance, onConflict);
    }

    private sealed class RefusingState : IPersistentState<JobState>
    {
        public Exception Failure { get; init; } = new InconsistentStateException("The stored state changed.", "stored", "mine");

        public JobState State { get; set; } = new();

        public string? Etag => "mine";

        public bool RecordExists => true;

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync() => Task.FromException(Failure);

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
