using Ingestion.Grains.Pages;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.UnitTests.Pages;

public sealed class PagesInFlightTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_with_nothing_under_way_ends_at_once()
    {
        var pages = new PagesInFlight(_clock);

        Assert.Equal(0, await pages.CloseAsync(TimeSpan.FromSeconds(10), Cancellation));
        Assert.True(pages.Closing.IsCancellationRequested);
    }

    [Fact]
    public async Task Closing_waits_for_the_requests_under_way_and_lets_them_finish()
    {
        var pages = new PagesInFlight(_clock);
        var response = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = pages.RunAsync(() => response.Task);

        var closing = pages.CloseAsync(TimeSpan.FromSeconds(10), Cancellation);
        await Task.Yield();
        Assert.False(closing.IsCompleted);
        Assert.Equal(1, pages.Count);

        response.SetResult("stored");

        Assert.Equal("stored", await request);
        Assert.Equal(0, await closing);
    }

    [Fact]
    public async Task Once_closing_no_new_request_starts()
    {
        var pages = new PagesInFlight(_clock);
        var started = false;
        await pages.CloseAsync(TimeSpan.Zero, Cancellation);

        var refused = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pages.RunAsync(() =>
        {
            started = true;
            return Task.FromResult(0);
        }));

        Assert.False(started);
        Assert.Equal(pages.Closing, refused.CancellationToken);
    }

    [Fact]
    public async Task Closing_stops_waiting_at_its_limit_and_says_how_many_are_left()
    {
        var pages = new PagesInFlight(_clock);
        var never = new TaskCompletionSource<int>();
        _ = pages.RunAsync(() => never.Task);
        _ = pages.RunAsync(() => never.Task);

        var closing = pages.CloseAsync(TimeSpan.FromSeconds(10), Cancellation);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(closing.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, await closing);
    }

    [Fact]
    public async Task A_request_that_fails_still_leaves_the_count()
    {
        var pages = new PagesInFlight(_clock);

        await Assert.ThrowsAsync<HttpRequestException>(() => pages.RunAsync<int>(() => throw new HttpRequestException("refused")));

        Assert.Equal(0, pages.Count);
        Assert.Equal(0, await pages.CloseAsync(TimeSpan.FromSeconds(10), Cancellation));
    }
}
