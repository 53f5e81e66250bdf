using Ingestion.Grains.Pages;
using Ingestion.Pages;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.UnitTests.Pages;

public sealed class PageReportsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Lock _lock = new();
    private readonly List<(int[] Pages, TaskCompletionSource Answer)> _sent = [];
    private readonly List<(int Page, int Attempt)> _failures = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _idle;

    public void Dispose() => _stopping.Dispose();

    private PageReports NewReports(TimeSpan gather = default) => new(
        ends =>
        {
            // Answered by the test.
            var answer = new TaskCompletionSource();
            lock (_lock)
            {
                _sent.Add(([.. ends.Select(end => end.Record.Page)], answer));
            }

            return answer.Task;
        },
        _clock,
        gather,
        (_, page, attempt) =>
        {
            lock (_lock)
            {
                _failures.Add((page, attempt));
            }
        },
        _ => Interlocked.Increment(ref _idle));

    private int SentCount
    {
        get
        {
            lock (_lock)
            {
                return _sent.Count;
            }
        }
    }

    [Fact]
    public async Task A_page_that_ends_while_no_report_is_on_its_way_goes_alone_and_its_wait_ends_once_the_job_took_it()
    {
        var reports = NewReports();

        var taken = reports.ReportAsync(End(3), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);

        Assert.Equal([3], _sent[0].Pages);
        Assert.False(taken.IsCompleted);
        _sent[0].Answer.SetResult();
        await taken.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Pages_that_end_while_a_report_is_on_its_way_go_together_in_order_once_it_is_answered()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);
        var second = reports.ReportAsync(End(4), () => false, _stopping.Token);
        var third = reports.ReportAsync(End(2), () => false, _stopping.Token);

        _sent[0].Answer.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => SentCount == 2);

        Assert.Equal([4, 2], _sent[1].Pages);
        Assert.False(second.IsCompleted);
        _sent[1].Answer.SetResult();
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, SentCount);
    }

    [Fact]
    public async Task Pages_that_end_within_the_gather_go_in_one_report_once_it_has_passed()
    {
        var reports = NewReports(TimeSpan.FromMilliseconds(2));
        var taken = new[] { 7, 3, 9 }.Select(page => reports.ReportAsync(End(page), () => false, _stopping.Token)).ToArray();

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(0, SentCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => SentCount == 1);

        Assert.Equal([7, 3, 9], _sent[0].Pages);
        _sent[0].Answer.SetResult();
        await Task.WhenAll(taken).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_report_that_fails_goes_again_after_a_delay_with_what_ended_since()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);
        var second = reports.ReportAsync(End(2), () => false, _stopping.Token);
        _sent[0].Answer.SetException(new TimeoutException("The job's silo is gone."));
        var third = reports.ReportAsync(End(3), () => false, _stopping.Token);

        Assert.Equal([(1, 1)], _failures);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(1, SentCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => SentCount == 2);

        Assert.Equal([1, 2, 3], _sent[1].Pages);
        Assert.False(first.IsCompleted);
        _sent[1].Answer.SetResult();
        await Task.WhenAll(first, second, third).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_page_withdrawn_before_its_report_went_is_left_out_and_its_wait_ends()
    {
        var reports = NewReports();
        var cancelled = false;
        _ = reports.ReportAsync(End(1), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);
        var withdrawn = reports.ReportAsync(End(2), () => Volatile.Read(ref cancelled), _stopping.Token);
        var kept = reports.ReportAsync(End(3), () => false, _stopping.Token);

        Volatile.Write(ref cancelled, true);
        _sent[0].Answer.SetResult();
        await WaitUntilAsync(() => SentCount == 2);

        Assert.True(withdrawn.IsCompletedSuccessfully);
        Assert.Equal([3], _sent[1].Pages);
        Assert.False(kept.IsCompleted);
    }

    [Fact]
    public async Task The_pages_of_a_grain_that_stops_while_reports_fail_are_not_sent_and_their_waits_end_at_once()
    {
        var reports = NewReports();
        using var otherGrain = new CancellationTokenSource();
        var first = reports.ReportAsync(End(1), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);
        _sent[0].Answer.SetException(new TimeoutException("The job's silo is gone."));
        var second = reports.ReportAsync(End(2), () => false, _stopping.Token);
        var others = reports.ReportAsync(End(17), () => false, otherGrain.Token);

        await _stopping.CancelAsync();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(others.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        await WaitUntilAsync(() => SentCount == 2);

        Assert.Equal([17], _sent[1].Pages);
    }

    [Fact]
    public async Task A_line_says_it_is_idle_once_nothing_is_left_to_send_and_takes_pages_again_after()
    {
        var reports = NewReports();
        var first = reports.ReportAsync(End(1), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 1);
        Assert.Equal(0, Volatile.Read(ref _idle));

        _sent[0].Answer.SetResult();
        await WaitUntilAsync(() => Volatile.Read(ref _idle) == 1);
        var again = reports.ReportAsync(End(2), () => false, _stopping.Token);
        await WaitUntilAsync(() => SentCount == 2);
        _sent[1].Answer.SetResult();

        await Task.WhenAll(first, again).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => Volatile.Read(ref _idle) == 2);
    }

    [Fact]
    public async Task Pages_reported_from_many_threads_at_once_are_each_sent_once()
    {
        var reports = NewReports();
        using var allTaken = new CancellationTokenSource();
        var answering = Task.Run(
            async () =>
            {
                // Answers every report as it comes, until every page's wait has ended.
                var answered = 0;
                while (!allTaken.IsCancellationRequested)
                {
                    lock (_lock)
                    {
                        for (; answered < _sent.Count; answered++)
                        {
                            _sent[answered].Answer.SetResult();
                        }
                    }

                    await Task.Delay(1, CancellationToken.None);
                }
            },
            TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(1, 2_000).Select(page =>
                Task.Run(() => reports.ReportAsync(End(page), () => false, _stopping.Token), TestContext.Current.CancellationToken)))
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await allTaken.CancelAsync();
        await answering;

        lock (_lock)
        {
            Assert.Equal(Enumerable.Range(1, 2_000), _sent.SelectMany(sent => sent.Pages).Order());
            Assert.True(_sent.Count < 2_000, "pages reported at once share reports");
        }
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
