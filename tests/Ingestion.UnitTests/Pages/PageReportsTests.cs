using Ingestion.Grains.Pages;
using Ingestion.Pages;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.UnitTests.Pages;

public sealed class PageReportsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<(int[] Pages, TaskCompletionSource Answer)> _sent = [];
    private readonly List<(int Page, int Attempt)> _failures = [];
    private readonly CancellationTokenSource _stopping = new();

    private PageReports NewReports() => new(
        ends =>
        {
            // Answered by the test; its continuations run at once, as the grain's would on its next turn.
            var answer = new TaskCompletionSource();
            _sent.Add(([.. ends.Select(end => end.Record.Page)], answer));
            return answer.Task;
        },
        _clock,
        (_, page, attempt) => _failures.Add((page, attempt)),
        _stopping.Token);

    public void Dispose() => _stopping.Dispose();

    [Fact]
    public void A_page_that_ends_while_no_report_is_on_its_way_goes_at_once_and_alone()
    {
        var reports = NewReports();

        var taken = reports.ReportAsync(End(3), () => false);

        Assert.Equal([3], Assert.Single(_sent).Pages);
        Assert.False(taken.IsCompleted);
        _sent[0].Answer.SetResult();
        Assert.True(taken.IsCompletedSuccessfully);
    }

    [Fact]
    public void Pages_that_end_while_a_report_is_on_its_way_go_together_in_order_once_it_is_answered()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false);
        var second = reports.ReportAsync(End(4), () => false);
        var third = reports.ReportAsync(End(2), () => false);

        Assert.Single(_sent);
        _sent[0].Answer.SetResult();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(2, _sent.Count);
        Assert.Equal([4, 2], _sent[1].Pages);
        Assert.False(second.IsCompleted);
        _sent[1].Answer.SetResult();
        Assert.True(second.IsCompletedSuccessfully);
        Assert.True(third.IsCompletedSuccessfully);
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task A_report_that_fails_goes_again_after_a_delay_with_what_ended_since()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false);
        var second = reports.ReportAsync(End(2), () => false);
        _sent[0].Answer.SetException(new TimeoutException("The job's silo is gone."));
        var third = reports.ReportAsync(End(3), () => false);

        Assert.Equal([(1, 1)], _failures);
        Assert.Single(_sent);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Single(_sent);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => _sent.Count == 2);

        Assert.Equal([1, 2, 3], _sent[1].Pages);
        Assert.False(first.IsCompleted);
        _sent[1].Answer.SetResult();
        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_page_withdrawn_before_its_report_went_is_left_out_and_its_wait_ends()
    {
        var reports = NewReports();
        var cancelled = false;
        reports.ReportAsync(End(1), () => false);
        var withdrawn = reports.ReportAsync(End(2), () => cancelled);
        var kept = reports.ReportAsync(End(3), () => false);

        cancelled = true;
        _sent[0].Answer.SetResult();

        Assert.True(withdrawn.IsCompletedSuccessfully);
        Assert.Equal([3], _sent[1].Pages);
        Assert.False(kept.IsCompleted);
    }

    [Fact]
    public async Task A_grain_that_stops_sends_nothing_more_and_ends_every_wait()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false);
        _sent[0].Answer.SetException(new TimeoutException("The job's silo is gone."));
        var second = reports.ReportAsync(End(2), () => false);

        await _stopping.CancelAsync();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var late = reports.ReportAsync(End(3), () => false);

        Assert.True(late.IsCompletedSuccessfully);
        Assert.Single(_sent);
    }

    private static PageEnd End(int page) =>
        new(new PageRecord { Page = page, Url = $"https://example.test/{page}", Status = PageStatus.Succeeded }, null);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 500; waited++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
