using Azure.Storage.Blobs;
using Ingestion.Grains.Jobs;
using Ingestion.Jobs;
using Ingestion.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Ingestion.UnitTests.Jobs;

/// <summary>
/// A job activation whose state another activation wrote since it read it goes, rather than failing every write after;
/// a change of status is shown only once it is saved and announced.
/// </summary>
public class JobSavesTests
{
    [Fact]
    public async Task A_write_refused_for_a_newer_state_ends_the_activation_and_is_thrown()
    {
        var state = new ScriptedState();
        var ended = 0;
        var saves = Saves(state, () => ended++);

        await Assert.ThrowsAsync<InconsistentStateException>(() => saves.WriteAsync(CancellationToken.None));

        Assert.Equal(1, ended);
    }

    [Fact]
    public async Task A_save_that_is_only_tried_ends_the_activation_too()
    {
        var state = new ScriptedState();
        var ended = 0;
        var saves = Saves(state, () => ended++);
        var run = Run(state);

        await saves.TryNowAsync(run);

        Assert.Equal(1, ended);
    }

    [Fact]
    public async Task Any_other_failure_leaves_the_activation_to_try_again()
    {
        var state = new ScriptedState { Failure = new TimeoutException("storage is slow") };
        var ended = 0;
        var saves = Saves(state, () => ended++);

        await Assert.ThrowsAsync<TimeoutException>(() => saves.WriteAsync(CancellationToken.None));

        Assert.Equal(0, ended);
    }

    [Fact]
    public async Task A_change_of_status_is_announced_once_saved_and_shown_only_after()
    {
        var state = new ScriptedState { Failure = null };
        var saves = Saves(state, () => { });
        var run = Run(state);
        var announcing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var completedAt = DateTimeOffset.UtcNow;

        var saving = saves.StatusAsync(run, JobStatus.Completed, null, completedAt, announce: async () =>
        {
            announcing.SetResult();
            await announced.Task;
        });
        await announcing.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Being announced: what is announced is the saved state; what a view shows is still the status before it.
        Assert.Equal(1, state.Writes);
        Assert.Equal(JobStatus.Completed, state.State.Status);
        Assert.Equal((JobStatus.Running, (string?)null, (DateTimeOffset?)null), saves.Shown);

        announced.SetResult();
        await saving;

        Assert.Null(saves.Shown);
        Assert.Equal(completedAt, state.State.CompletedAt);
    }

    [Fact]
    public async Task A_change_of_status_that_is_not_saved_is_never_announced()
    {
        var state = new ScriptedState { Failure = new TimeoutException("storage is slow") };
        var saves = Saves(state, () => { });
        var run = Run(state);
        var announced = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => saves.StatusAsync(run, JobStatus.Completed, null, DateTimeOffset.UtcNow, announce: () =>
        {
            announced++;
            return Task.CompletedTask;
        }));

        Assert.Equal(0, announced);
        Assert.Null(saves.Shown);
        Assert.Equal(JobStatus.Running, state.State.Status);
        Assert.Null(state.State.CompletedAt);
    }

    private static JobRun Run(ScriptedState state)
    {
        state.State = new JobState
        {
            Spec = JobSpecParsing.Parse("""{ "source": { "urls": ["https://x.example/1"] } }""").Spec!,
            Status = JobStatus.Running,
        };
        return new JobRun(Guid.CreateVersion7(), state.State, failFastPages: 10);
    }

    private static JobSaves Saves(IPersistentState<JobState> state, Action onConflict)
    {
        // Never reached: nothing is journaled in these tests.
        var blobs = new BlobServiceClient("UseDevelopmentStorage=true");
        var journal = new UnstoredPageJournal(blobs, new BlobContainers(blobs), Options.Create(new StorageOptions()));
        return new JobSaves(state, journal, Guid.CreateVersion7(), NullLogger.Instance, onConflict);
    }

    /// <summary>A job state in storage whose every write throws <see cref="Failure"/>, or succeeds when there is none.</summary>
    private sealed class ScriptedState : IPersistentState<JobState>
    {
        /// <summary>What every write throws; none when null.</summary>
        public Exception? Failure { get; init; } = new InconsistentStateException("The stored state changed.", "stored", "mine");

        public int Writes { get; private set; }

        public JobState State { get; set; } = new();

        public string? Etag => "mine";

        public bool RecordExists => true;

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync()
        {
            Writes++;
            return Failure is null ? Task.CompletedTask : Task.FromException(Failure);
        }

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
