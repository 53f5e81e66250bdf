using Ingestion.Grains.Jobs;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests;

/// <summary>How a job ends: stopping early on failures, its final status, and an error that agrees with the counts.</summary>
public class JobVerdictTests
{
    private static readonly SourceSpec OpenRange = SourceSpec.Range("https://x.example/{page}", 1, to: null);

    private static PageRecord Stored(int page) => new() { Page = page, Url = $"https://x.example/{page}", Status = PageStatus.Succeeded, Bytes = 10 };

    private static PageRecord Unchanged(int page) => new() { Page = page, Url = $"https://x.example/{page}", Status = PageStatus.Unchanged, HttpStatus = 304 };

    private static PageRecord Failed(int page, int? status = 404, PageFailureKind kind = PageFailureKind.Http) =>
        new() { Page = page, Url = $"https://x.example/{page}", Status = PageStatus.Failed, HttpStatus = status, FailureKind = kind, Error = status is { } s ? $"HTTP {s}" : "Request failed: Connection refused" };

    private static PageTally Tally(int pages, params PageRecord[] ended)
    {
        var tally = new PageTally(pages, 1000);
        foreach (var page in ended)
        {
            tally.RecordEnded(page);
        }

        return tally;
    }

    [Fact]
    public void The_first_pages_failing_alike_stop_the_job()
    {
        var tally = Tally(20, [.. Enumerable.Range(1, 10).Select(page => Failed(page, null, PageFailureKind.ConnectionRefused))]);

        Assert.Equal(JobStopCause.FailFast, JobVerdict.ShouldStop(tally, new FailureSpec(), failFastPages: 10));
    }

    [Fact]
    public void Fewer_failures_than_the_probe_do_not_stop_the_job_yet() =>
        Assert.Null(JobVerdict.ShouldStop(Tally(20, Failed(1), Failed(2)), new FailureSpec(), failFastPages: 10));

    [Fact]
    public void A_small_job_is_probed_with_all_its_pages() =>
        Assert.Equal(JobStopCause.FailFast, JobVerdict.ShouldStop(Tally(3, Failed(1), Failed(2), Failed(3)), new FailureSpec(), failFastPages: 10));

    [Fact]
    public void Failures_of_different_causes_are_not_a_reason_to_stop_early()
    {
        var ended = Enumerable.Range(1, 10).Select(page => page % 2 == 0 ? Failed(page, 500) : Failed(page, 404)).ToArray();

        Assert.Null(JobVerdict.ShouldStop(Tally(20, ended), new FailureSpec(), failFastPages: 10));
    }

    [Fact]
    public void A_401_and_a_403_are_the_same_cause() =>
        Assert.Equal(JobStopCause.FailFast, JobVerdict.ShouldStop(Tally(2, Failed(1, 401), Failed(2, 403)), new FailureSpec(), failFastPages: 10));

    [Fact]
    public void Once_a_page_is_stored_failing_alike_does_not_stop_the_job() =>
        Assert.Null(JobVerdict.ShouldStop(Tally(4, Stored(1), Failed(2), Failed(3), Failed(4)), new FailureSpec(), failFastPages: 3));

    [Fact]
    public void Fail_fast_can_be_turned_off() =>
        Assert.Null(JobVerdict.ShouldStop(Tally(3, Failed(1), Failed(2), Failed(3)), new FailureSpec { FailFast = false }, failFastPages: 3));

    [Fact]
    public void The_failure_budget_stops_the_job_past_its_limit()
    {
        var failure = new FailureSpec { MaxFailedPages = 3, FailFast = false };

        Assert.Null(JobVerdict.ShouldStop(Tally(20, Failed(1), Failed(2), Failed(3)), failure, 10));
        Assert.Equal(JobStopCause.FailureBudget, JobVerdict.ShouldStop(Tally(20, Failed(1), Failed(2), Failed(3), Failed(4)), failure, 10));
    }

    [Fact]
    public void A_job_in_which_no_page_was_stored_failed() =>
        Assert.Equal((JobStatus.Failed, JobStopCause.NothingStored), JobVerdict.OfEnded(Tally(2, Failed(1, 404), Failed(2, 500)), OpenRange));

    [Fact]
    public void A_job_with_some_pages_stored_completed_with_errors() =>
        Assert.Equal((JobStatus.CompletedWithErrors, JobStopCause.None), JobVerdict.OfEnded(Tally(2, Stored(1), Failed(2)), OpenRange));

    [Fact]
    public void An_empty_source_failed_unless_allowed()
    {
        var empty = new PageTally(0, 1000);

        Assert.Equal((JobStatus.Failed, JobStopCause.EmptySource), JobVerdict.OfEnded(empty, OpenRange));
        Assert.Equal((JobStatus.Completed, JobStopCause.None), JobVerdict.OfEnded(empty, OpenRange with { AllowEmpty = true }));
    }

    [Fact]
    public void The_budget_error_counts_the_failures_the_job_shows()
    {
        var tally = Tally(20, [.. Enumerable.Range(1, 19).Select(page => Failed(page))]);
        tally.CancelRemaining();

        var error = JobVerdict.Describe(JobStopCause.FailureBudget, tally, new FailureSpec { MaxFailedPages = 3 }, null);

        Assert.Equal("19 pages failed, more than the job's limit of 3. The job stopped before fetching the other 1 page.", error);
    }

    [Fact]
    public void The_fail_fast_error_names_the_cause_and_an_example()
    {
        var tally = Tally(20, [.. Enumerable.Range(1, 10).Select(page => Failed(page, null, PageFailureKind.ConnectionRefused))]);
        tally.CancelRemaining();

        var error = JobVerdict.Describe(JobStopCause.FailFast, tally, new FailureSpec(), null)!;

        Assert.StartsWith("The first 10 pages to end all failed for good with the same cause (connection refused; page 1, https://x.example/1:", error, StringComparison.Ordinal);
        Assert.Contains("stopped before fetching the other 10 pages", error, StringComparison.Ordinal);
        Assert.Contains("failure.failFast", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nothing_stored_error_names_the_causes_most_common_first()
    {
        var error = JobVerdict.Describe(JobStopCause.NothingStored, Tally(3, Failed(1, 404), Failed(2, 500), Failed(3, 404)), new FailureSpec(), null)!;

        Assert.StartsWith("No page was stored: all 3 pages failed (HTTP 404 ×2, HTTP 500 ×1;", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_empty_source_error_says_how_to_allow_one() =>
        Assert.Equal(
            "The source is empty: Page 1 is already past the end (empty, or not found). An empty source is far more often a wrong URL than an empty API; set source.allowEmpty to true if it is expected.",
            JobVerdict.Describe(JobStopCause.EmptySource, new PageTally(0, 10), new FailureSpec(), "Page 1 is already past the end (empty, or not found)."));

    [Fact]
    public void A_job_whose_pages_were_all_unchanged_completed_and_stored_nothing_new()
    {
        var tally = Tally(3, Unchanged(1), Unchanged(2), Unchanged(3));

        Assert.True(tally.AllEnded);
        Assert.Equal((JobStatus.Completed, JobStopCause.None), JobVerdict.OfEnded(tally, OpenRange));
        Assert.Equal(new PageCounts(3, 0, 0, 0, 0, 0, 0, TotalKnown: true, Unchanged: 3), tally.Counts(DateTimeOffset.UnixEpoch));
        Assert.Equal(0, tally.Bytes);
    }

    [Fact]
    public void Unchanged_pages_are_pages_the_lake_holds_so_failures_beside_them_are_errors_not_a_failed_job()
    {
        var tally = Tally(3, Unchanged(1), Failed(2), Failed(3));

        Assert.Equal((JobStatus.CompletedWithErrors, JobStopCause.None), JobVerdict.OfEnded(tally, OpenRange));
        Assert.Null(JobVerdict.ShouldStop(tally, new FailureSpec(), failFastPages: 2));
    }

    [Fact]
    public void An_unchanged_page_reported_twice_counts_once()
    {
        var tally = Tally(2, Unchanged(1), Unchanged(1), Stored(2));

        Assert.Equal((1, 1), (tally.Unchanged, tally.Succeeded));
        Assert.True(tally.AllEnded);
    }
}
