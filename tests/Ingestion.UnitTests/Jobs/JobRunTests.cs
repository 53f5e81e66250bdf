using Ingestion.Grains;
using Ingestion.Grains.Jobs;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Jobs;

/// <summary>The job run's transitions, one at a time, for each kind of source.</summary>
public sealed class JobRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static JobRun RunOf(SimulatedSource source, int concurrency = 4, FailureSpec? failure = null, int maxPages = 100_000) =>
        new(Guid.NewGuid(), source.NewJob(concurrency, maxPages, failure), failFastPages: 10);

    private static List<PageFetchRequest> DispatchAll(JobRun run)
    {
        var requests = new List<PageFetchRequest>();
        while (run.NextPage() is { } page)
        {
            requests.Add(run.Dispatch(page, run.Plan.TakeUrl(page) ?? SimulatedSource.UrlOf(page), previous: null, Now)!);
        }

        return requests;
    }

    private static PageEndOutcome End(JobRun run, SimulatedSource source, PageFetchRequest request, bool fails = false)
    {
        // A page that fails has no response to inspect.
        var findings = fails ? null : source.FindingsFor(request);
        return run.PageEnded(SimulatedSource.Ended(request, findings, fails), findings);
    }

    [Fact]
    public void A_fixed_range_hands_out_a_window_of_pages_and_one_more_as_each_ends()
    {
        var source = new SimulatedSource("fixed range", 10);
        var run = RunOf(source, concurrency: 3);

        var first = DispatchAll(run);
        End(run, source, first[1]);
        var next = DispatchAll(run);

        Assert.Equal([1, 2, 3], first.Select(request => request.Page));
        Assert.Equal([4], next.Select(request => request.Page));
        Assert.Null(run.Finish());
    }

    [Fact]
    public void A_stated_total_hands_out_page_one_alone_then_the_rest_up_to_it()
    {
        var source = new SimulatedSource("stated total", 6);
        var run = RunOf(source, concurrency: 8);

        var first = DispatchAll(run);
        var outcome = End(run, source, first[0]);
        var rest = DispatchAll(run);

        Assert.Equal([1], first.Select(request => request.Page));
        Assert.NotNull(first[0].Inspect!.Total);
        Assert.True(outcome.EndFound);
        Assert.Equal("Page 1 states 6 pages.", run.State.EndReason);
        Assert.Equal([2, 3, 4, 5, 6], rest.Select(request => request.Page));
    }

    [Fact]
    public void An_open_range_ends_before_its_first_page_past_the_end_and_cancels_the_pages_asked_for_after_it()
    {
        var source = new SimulatedSource("open range", 2);
        var run = RunOf(source, concurrency: 5);

        var sent = DispatchAll(run);
        var pastEnd = End(run, source, sent[2]);

        Assert.Equal([1, 2, 3, 4, 5], sent.Select(request => request.Page));
        Assert.Equal([4, 5], pastEnd.CancelBeyond);
        Assert.NotNull(pastEnd.Discard);
        Assert.Equal(2, run.Tally.End);
        Assert.Equal("Page 3 is past the end (HTTP 404): the range ends at page 2.", run.State.EndReason);
        Assert.True(run.State.EndFound);
    }

    [Fact]
    public void A_chain_hands_out_each_page_once_the_one_before_names_it_and_a_failure_breaks_it()
    {
        var source = new SimulatedSource("follow", 5);
        var run = RunOf(source, concurrency: 4);

        var first = DispatchAll(run);
        End(run, source, first[0]);
        var second = DispatchAll(run);
        var broken = End(run, source, second[0], fails: true);

        Assert.Equal([1], first.Select(request => request.Page));
        Assert.Equal([2], second.Select(request => request.Page));
        Assert.Equal(1, second[0].ReachedFrom);
        Assert.True(broken.EndFound);
        Assert.Equal("Page 2 failed, so the pages after it could not be reached.", run.State.EndReason);
        Assert.False(run.State.EndFound);
        Assert.Empty(DispatchAll(run));
        Assert.Equal(JobStatus.CompletedWithErrors, run.Finish());
    }

    [Fact]
    public void A_line_of_a_url_list_that_is_no_url_fails_its_page_without_a_request()
    {
        var run = RunOf(new SimulatedSource("list in a blob", 2));

        var request = run.Dispatch(1, "not a url", previous: null, Now);

        Assert.Null(request);
        var failed = Assert.Single(run.Unjournaled);
        Assert.Equal(PageFailureKind.InvalidUrl, failed.FailureKind);
        Assert.Equal(1, run.Tally.Failed);
    }

    [Fact]
    public void A_job_finishes_once_every_page_has_ended_and_only_once()
    {
        var source = new SimulatedSource("inline list", 2);
        var run = RunOf(source);

        foreach (var request in DispatchAll(run))
        {
            End(run, source, request);
        }

        Assert.Equal(JobStatus.Completed, run.Finish());
        Assert.Equal(JobPhase.Finishing, run.Phase);
        Assert.Null(run.Finish());
        Assert.Null(run.NextPage());
        Assert.Equal(PageEndOutcome.Nothing, run.PageEnded(new PageRecord { Page = 1, Url = "x", Status = PageStatus.Failed }, null));
    }

    [Fact]
    public void A_finish_that_failed_leaves_the_job_running_to_be_finished_again()
    {
        var source = new SimulatedSource("inline list", 1);
        var run = RunOf(source);
        End(run, source, DispatchAll(run)[0]);
        run.Finish();

        run.FinishFailed();

        Assert.Equal(JobPhase.Running, run.Phase);
        Assert.Equal(JobStatus.Completed, run.Finish());
    }

    [Fact]
    public void Failures_past_the_budget_stop_the_job_and_the_error_is_written_from_the_final_counts()
    {
        var source = new SimulatedSource("fixed range", 20);
        var run = RunOf(source, concurrency: 8, failure: new FailureSpec { MaxFailedPages = 2, FailFast = false });
        var sent = DispatchAll(run);

        var outcomes = sent.Take(3).Select(request => End(run, source, request, fails: true)).ToList();
        run.Stop(outcomes[^1].Stop!.Value);
        run.State.Status = JobStatus.Failed;
        End(run, source, sent[3], fails: true);
        run.Cancelled([null, null, null, null]);

        Assert.Equal([null, null, JobStopCause.FailureBudget], outcomes.Select(outcome => outcome.Stop));
        Assert.Equal(JobPhase.Stopping, run.Phase);
        Assert.Equal(3, run.Tally.Failed);
        Assert.Equal("3 pages failed, more than the job's limit of 2. The job stopped before fetching the other 17 pages.", run.FinalError());
    }

    [Fact]
    public void An_open_source_that_reaches_max_pages_ends_there_truncated()
    {
        var source = new SimulatedSource("open range", 50);
        var run = RunOf(source, concurrency: 2, maxPages: 3);

        while (run.NextPage() is not null || run.Tally.Outstanding > 0)
        {
            foreach (var request in DispatchAll(run))
            {
                End(run, source, request);
            }
        }

        Assert.True(run.EndAtCap());
        Assert.True(run.State.Truncated);
        Assert.Equal("maxPages (3) reached before the source's end was found.", run.State.EndReason);
        Assert.Equal(JobStatus.Completed, run.Finish());
    }

    [Fact]
    public void No_page_goes_out_while_the_previous_jobs_blobs_are_being_cleared()
    {
        var source = new SimulatedSource("fixed range", 3);
        var job = source.NewJob(concurrency: 4);
        job.Clearing = true;
        var run = new JobRun(Guid.NewGuid(), job, failFastPages: 10);

        Assert.Null(run.NextPage());
        Assert.False(run.IsPageWanted(1));
        job.Clearing = false;
        Assert.Equal(1, run.NextPage());
    }

    [Fact]
    public void A_retry_hands_out_only_the_pages_not_stored_in_order_within_the_window()
    {
        var source = new SimulatedSource("fixed range", 10);
        var run = RunOf(source, concurrency: 2);
        var stored = Enumerable.Range(1, 10).Where(page => page is not (3 or 7 or 8)).ToList();
        run.State.Status = JobStatus.CompletedWithErrors;

        run.BeginRetry();
        var restore = run.BeginRestore(failed: [], retrying: true);
        foreach (var page in stored)
        {
            restore.AddStored(new PageRecord { Page = page, Url = SimulatedSource.UrlOf(page), Status = PageStatus.Succeeded });
        }

        run.Restored(restore.Complete(run.State.DispatchedThrough).Select(page => new PageRecord { Page = page, Url = "", Status = PageStatus.InFlight }));

        Assert.Equal(1, run.State.Round);
        Assert.Equal(JobStatus.Running, run.State.Status);
        Assert.Equal([3, 7], DispatchAll(run).Select(request => request.Page));
        Assert.Equal(7, run.Tally.Succeeded);
    }

    [Fact]
    public void A_restored_chain_goes_on_from_the_last_page_of_its_unbroken_run()
    {
        var source = new SimulatedSource("follow", 9);
        var run = RunOf(source);
        var restore = run.BeginRestore(failed: [], retrying: false);
        foreach (var page in new[] { 1, 2, 3, 5 })
        {
            restore.AddStored(new PageRecord { Page = page, Url = SimulatedSource.UrlOf(page), Status = PageStatus.Succeeded });
        }

        var atWork = restore.Complete(dispatchedThrough: 5);

        // Page 3 is fetched again to learn its next link; 5, past the gap, is fetched again when the chain reaches it.
        Assert.Equal([3], atWork);
        Assert.Equal(2, run.Tally.Succeeded);
        Assert.Equal(SimulatedSource.UrlOf(3), run.RestoredUrl(3));
    }

    [Fact]
    public void A_chain_stored_with_a_page_under_two_names_restores_past_it()
    {
        var run = RunOf(new SimulatedSource("follow", 9));
        var restore = run.BeginRestore(failed: [], retrying: false);
        foreach (var page in new[] { 1, 2, 2, 3 })
        {
            Assert.True(restore.AddStored(new PageRecord { Page = page, Url = SimulatedSource.UrlOf(page), Status = PageStatus.Succeeded }));
        }

        Assert.Equal([3], restore.Complete(dispatchedThrough: 3));
        Assert.Equal(2, run.Tally.Succeeded);
    }

    [Fact]
    public void A_retry_tells_each_page_it_may_have_been_stored_before()
    {
        var source = new SimulatedSource("fixed range", 2);
        var first = RunOf(source);
        var retried = RunOf(source);
        retried.State.Status = JobStatus.CompletedWithErrors;
        retried.BeginRetry();
        retried.Restored(retried.BeginRestore([], retrying: true).Complete(0).Select(page => new PageRecord { Page = page, Url = "", Status = PageStatus.InFlight }));

        Assert.All(DispatchAll(first), request => Assert.False(request.FetchedBefore));
        Assert.All(DispatchAll(retried), request => Assert.True(request.FetchedBefore));
    }

    [Fact]
    public void An_end_left_by_a_failure_is_looked_for_again_on_retry_and_an_end_the_source_stated_is_kept()
    {
        var broken = RunOf(new SimulatedSource("follow", 5));
        (broken.State.KnownEnd, broken.State.EndFound, broken.State.Status) = (2, false, JobStatus.CompletedWithErrors);
        var stated = RunOf(new SimulatedSource("stated total", 5));
        (stated.State.KnownEnd, stated.State.EndFound, stated.State.Status) = (5, true, JobStatus.CompletedWithErrors);

        broken.BeginRetry();
        stated.BeginRetry();

        Assert.Null(broken.State.KnownEnd);
        Assert.Equal(5, stated.State.KnownEnd);
    }

    [Theory]
    [InlineData(JobStatus.Running, RetryOutcome.StillRunning)]
    [InlineData(JobStatus.Completed, RetryOutcome.NothingFailed)]
    [InlineData(JobStatus.Cancelled, RetryOutcome.WasCancelled)]
    [InlineData(JobStatus.CompletedWithErrors, null)]
    [InlineData(JobStatus.Failed, null)]
    public void Only_a_job_that_ended_with_failures_is_retried(JobStatus status, RetryOutcome? refusal)
    {
        var run = RunOf(new SimulatedSource("fixed range", 3));
        run.State.Status = status;

        Assert.Equal(refusal, run.WhyNoRetry());
    }

    [Fact]
    public void Each_host_is_paced_on_its_own()
    {
        var pacing = new HostPacing(requestsPerSecond: 4);

        var a = Enumerable.Range(0, 3).Select(_ => pacing.NotBefore("https://a.example/x", Now)).ToList();
        var b = pacing.NotBefore("https://b.example/x", Now);

        Assert.Equal([null, Now.AddSeconds(0.25), Now.AddSeconds(0.5)], a);
        Assert.Null(b);
    }
}
