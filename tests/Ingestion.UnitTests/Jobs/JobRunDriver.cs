using Ingestion.Grains.Jobs;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Jobs;

/// <summary>
/// Plays a job grain's part around a <see cref="JobRun"/>, without Orleans: hands out the pages it asks for, delivers
/// their ends in the order <see cref="Pick"/> chooses (reports may repeat), cancels what it says to cancel, and checks
/// after every event that the counts add up and that no page is out twice.
/// </summary>
internal sealed class JobRunDriver(SimulatedSource source, JobRun run, Func<int, int> pick, Func<int, bool> fails)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly List<PageFetchRequest> _out = [];
    private readonly List<PageRecord> _reported = [];

    public int Finishes { get; private set; }

    public JobStatus? Status { get; private set; }

    /// <summary>Why the job was stopped early, when it was.</summary>
    public JobStopCause? StopCause { get; private set; }

    public List<string> Violations { get; } = [];

    /// <summary>Runs the job to its end (or its stop), at most <paramref name="maxSteps"/> events.</summary>
    public void RunToEnd(int maxSteps = 10_000, Func<int, bool>? repeatReport = null, int? cancelAtStep = null)
    {
        for (var step = 0; step < maxSteps && Status is null; step++)
        {
            if (step == cancelAtStep && run.Phase == JobPhase.Running)
            {
                Stop(JobStatus.Cancelled, JobStopCause.None);
                break;
            }

            Dispatch();
            if (run.Finish() is { } status)
            {
                Finishes++;
                Status = status;
                Check();
                break;
            }

            if (_out.Count == 0)
            {
                Violations.Add($"Stuck at step {step}: nothing out, and the job does not finish ({run.Tally.Counts(Now)}).");
                break;
            }

            if (repeatReport?.Invoke(step) == true && _reported.Count > 0)
            {
                // A report heard twice (a page grain that reported, then was handed the page again and reported again).
                var again = _reported[pick(_reported.Count)];
                if (run.PageEnded(again, null) is { Counted: true })
                {
                    Violations.Add($"Page {again.Page}'s repeated report counted twice.");
                }

                Check();
                continue;
            }

            var request = _out[pick(_out.Count)];
            _out.Remove(request);
            // A page that fails has no response to inspect; one past the end is never a failure.
            var failing = fails(request.Page);
            var findings = source.FindingsFor(request) is { PastEnd: true } pastEnd ? pastEnd : failing ? null : source.FindingsFor(request);
            var ended = SimulatedSource.Ended(request, findings, failing);
            var outcome = run.PageEnded(ended, findings);
            _reported.Add(ended);
            _out.RemoveAll(pending => outcome.CancelBeyond.Contains(pending.Page));
            Check();
            if (outcome.Stop is { } cause)
            {
                Stop(JobStatus.Failed, cause);
            }

            run.EndAtCap();
        }
    }

    /// <summary>How the run's own counts stand.</summary>
    public PageCounts Counts => run.Tally.Counts(Now);

    private void Dispatch()
    {
        while (run.NextPage() is { } page)
        {
            var url = run.Plan.TakeUrl(page) ?? SimulatedSource.UrlOf(page);
            if (_out.Any(pending => pending.Page == page))
            {
                Violations.Add($"Page {page} was handed out while it was still out.");
            }

            if (run.Dispatch(page, url, previous: null, Now) is { } request)
            {
                _out.Add(request);
            }
        }
    }

    private void Stop(JobStatus status, JobStopCause cause)
    {
        StopCause = cause;
        run.Stop(cause);
        run.State.Status = status;
        run.Cancelled(_out.Select(_ => (PageRecord?)null).ToList());
        _out.Clear();
        Status = status;
        Finishes++;
        Check();
    }

    private void Check()
    {
        var counts = Counts;
        var sum = counts.Succeeded + counts.Failed + counts.InFlight + counts.WaitingRetry + counts.Pending + counts.Cancelled;
        if (sum != counts.Total)
        {
            Violations.Add($"The counts do not add up: {counts}.");
        }

        if (counts.InFlight + counts.WaitingRetry != _out.Count && Status is null)
        {
            Violations.Add($"The run counts {counts.InFlight + counts.WaitingRetry} pages out, the driver {_out.Count}.");
        }
    }
}
