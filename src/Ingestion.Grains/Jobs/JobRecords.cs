using System.Collections.Immutable;
using Ingestion.Pages;
using Ingestion.Records;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// A job's side of its records, when its spec asks for them: it keeps the job's records grain going, tells it which pages
/// have ended, shows how far it has come, and waits for its last files before the manifest is written.
/// </summary>
internal sealed partial class JobRecords(IGrainFactory grains, Guid jobId, TimeProvider timeProvider, ILogger logger)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CompletionPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CompletionPatience = TimeSpan.FromMinutes(10);

    private readonly Queue<(DateTimeOffset At, long Rows)> _samples = new();
    private RecordsProgress? _latest;

    private IJobRecordsGrain Grain => grains.GetGrain<IJobRecordsGrain>(jobId);

    /// <summary>What the job's records grain needs of the job; null when the job writes no records.</summary>
    public static RecordsAssignment? AssignmentOf(Guid jobId, JobRun run) => RecordsAssignment.Of(jobId, run.Spec, run.Destination);

    /// <summary>Starts the records grain, or brings it back after its silo's death: one message, not awaited.</summary>
    public void Keep(JobRun run)
    {
        if (AssignmentOf(jobId, run) is { } assignment)
        {
            _ = Grain.Keep(assignment);
        }
    }

    /// <summary>The pages from <paramref name="from"/> on that have ended, up to the first that has not.</summary>
    public EndedPages Ended(JobRun run, int from, int max, RecordsProgress progress)
    {
        Note(progress);
        var tally = run.Tally;
        var statuses = ImmutableArray.CreateBuilder<PageStatus>();
        for (var page = from; page < from + max && page <= tally.Total && tally.IsEnded(page); page++)
        {
            statuses.Add(tally.StatusOf(page));
        }

        return new EndedPages
        {
            Round = run.State.Round,
            From = from,
            Statuses = statuses.ToImmutable(),
            LastPage = tally.AllEnded ? tally.End : null,
        };
    }

    /// <summary>How far the records have come, with their rate over the last half minute.</summary>
    public RecordsProgress? Progress(bool running)
    {
        if (_latest is not { } latest || !running || _samples.Count < 2)
        {
            return _latest;
        }

        var (firstAt, firstRows) = _samples.Peek();
        var seconds = (timeProvider.GetUtcNow() - firstAt).TotalSeconds;
        return seconds > 0 ? latest with { RowsPerSecond = Math.Round((latest.Rows - firstRows) / seconds, 1) } : latest;
    }

    /// <summary>
    /// Waits until the records grain has committed every file of the job's round, and returns what the manifest says of
    /// them; null for a job without records. Throws if that takes longer than ten minutes: the finish is tried again.
    /// </summary>
    public async Task<RecordsSummary?> CompleteAsync(JobRun run)
    {
        if (AssignmentOf(jobId, run) is not { } assignment)
        {
            return null;
        }

        var giveUpAt = timeProvider.GetUtcNow() + CompletionPatience;
        while (true)
        {
            if (await Grain.Complete(assignment, run.State.Round) is { } summary)
            {
                _latest = new RecordsProgress { Rows = summary.Rows, Files = summary.Files.Length, Bytes = summary.Bytes, ErrorPages = summary.ErrorPages };
                return summary;
            }

            if (timeProvider.GetUtcNow() > giveUpAt)
            {
                LogRecordsLate(logger, jobId);
                throw new TimeoutException($"The records of job {jobId} were not all written within {CompletionPatience.TotalMinutes} minutes.");
            }

            await Task.Delay(CompletionPoll, timeProvider);
        }
    }

    private void Note(RecordsProgress progress)
    {
        var now = timeProvider.GetUtcNow();
        _latest = progress;
        _samples.Enqueue((now, progress.Rows));
        while (_samples.Count > 2 && now - _samples.Peek().At > RateWindow)
        {
            _samples.Dequeue();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its records are not all written yet; the job finishes once they are.")]
    private static partial void LogRecordsLate(ILogger logger, Guid jobId);
}
