using System.Diagnostics;
using System.Net;
using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

public sealed class UpstreamServerBehaviourTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private UpstreamServer _upstream = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await UpstreamServer.StartNewAsync(Cancellation);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task FailTimesFailsThatManyRequestsThenSucceeds()
    {
        _upstream.FailTimes(page: 1, times: 2, statusCode: 503);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOfAsync(1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOfAsync(1));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));
        Assert.Equal(3, _upstream.RequestCount(1));
        Assert.Equal(3, _upstream.TotalRequests);
    }

    [Fact]
    public async Task FailFailsEveryRequestForThePageAndOnlyThatPage()
    {
        _upstream.Fail(page: 2, statusCode: 404);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(2));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(2));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(2));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(3));
    }

    [Theory]
    [InlineData(429, 2000, 2)]
    [InlineData(503, 1500, 2)]
    public async Task RetryAfterIsSentInWholeSeconds(int statusCode, int retryAfterMs, int expectedSeconds)
    {
        _upstream.FailTimes(1, 1, statusCode, TimeSpan.FromMilliseconds(retryAfterMs));

        using var response = await _http.GetAsync(_upstream.PageUrl(1), Cancellation);

        Assert.Equal(statusCode, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task RedirectAnswersFoundWithItsLocation()
    {
        _upstream.Respond(1, UpstreamResponse.Redirect("/pages/2"));
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler);

        using var response = await http.GetAsync(_upstream.PageUrl(1), Cancellation);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/pages/2", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task HangAnswersNothingUntilTheClientGivesUp()
    {
        _upstream.Hang(1);
        using var clientGivesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var hanging = _http.GetAsync(_upstream.PageUrl(1), clientGivesUp.Token);

        await WaitUntilAsync(() => _upstream.CurrentConcurrentRequests == 1);
        await Task.Delay(300, Cancellation);
        Assert.False(hanging.IsCompleted);

        await clientGivesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        await WaitUntilAsync(() => _upstream.CurrentConcurrentRequests == 0);
        Assert.Equal(1, _upstream.RequestCount(1));
    }

    [Fact]
    public async Task HangWithTimesHangsOnlyThatManyRequests()
    {
        _upstream.Hang(1, times: 1);
        using var clientGivesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var hanging = _http.GetAsync(_upstream.PageUrl(1), clientGivesUp.Token);

        // Give up only once the server holds the request, so the one scripted hang is the one consumed.
        await WaitUntilAsync(() => _upstream.RequestCount(1) == 1);
        await clientGivesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));
    }

    [Fact]
    public async Task ResetConnectionAbortsThatManyRequestsThenSucceeds()
    {
        _upstream.ResetConnection(page: 4, times: 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(_upstream.PageUrl(4), Cancellation));

        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(4));
        Assert.Equal(2, _upstream.RequestCount(4));
    }

    [Fact]
    public async Task DelayForDelaysEveryRequestForThatPage()
    {
        _upstream.DelayFor(1, TimeSpan.FromMilliseconds(400));

        var elapsed = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));

        Assert.True(elapsed.Elapsed >= TimeSpan.FromMilliseconds(780), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task LatestRequestHeadersAreRecordedPerPage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _upstream.PageUrl(6));
        request.Headers.Add("X-Ingestion-Job", "job-42");
        request.Headers.Authorization = new("Bearer", "secret");

        using var response = await _http.SendAsync(request, Cancellation);

        var headers = _upstream.LastRequestHeaders(6);
        Assert.NotNull(headers);
        Assert.Equal("job-42", headers["x-ingestion-job"]);
        Assert.Equal("Bearer secret", headers["Authorization"]);
        Assert.Null(_upstream.LastRequestHeaders(7));
    }

    [Fact]
    public async Task OverlappingRequestsAreCountedAsConcurrent()
    {
        _upstream.GlobalDelay = TimeSpan.FromSeconds(1.5);

        var statuses = await Task.WhenAll(Enumerable.Range(1, 4).Select(StatusOfAsync));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(4, _upstream.MaxConcurrentRequests);
        Assert.Equal(0, _upstream.CurrentConcurrentRequests);
    }

    [Fact]
    public async Task RequestsOneAfterAnotherAreNeverConcurrent()
    {
        for (var page = 1; page <= 3; page++)
        {
            await StatusOfAsync(page);
        }

        Assert.Equal(1, _upstream.MaxConcurrentRequests);
        Assert.Equal(3, _upstream.TotalRequests);
    }

    [Fact]
    public async Task ScriptCallbackSeesAttemptsAndOverridesPageScript()
    {
        var seen = new List<(int Page, int Attempt)>();
        _upstream.Fail(1, 404).Script((page, attempt) =>
        {
            lock (seen)
            {
                seen.Add((page, attempt));
            }

            return attempt == 1 ? UpstreamResponse.Error(500) : UpstreamResponse.Ok;
        });

        Assert.Equal(HttpStatusCode.InternalServerError, await StatusOfAsync(1));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));
        Assert.Equal([(1, 1), (1, 2)], seen);
    }

    [Fact]
    public async Task ClearForgetsScriptsAndCounts()
    {
        _upstream.Fail(1, 500);
        await StatusOfAsync(1);

        _upstream.Clear();

        Assert.Equal(0, _upstream.RequestCount(1));
        Assert.Equal(0, _upstream.TotalRequests);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(1));
    }

    [Fact]
    public async Task DisposingTheServerEndsHangingRequestsPromptly()
    {
        _upstream.Hang(1);
        var hanging = _http.GetAsync(_upstream.PageUrl(1), Cancellation);
        await WaitUntilAsync(() => _upstream.CurrentConcurrentRequests == 1);

        var stopping = Stopwatch.StartNew();
        await _upstream.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"took {stopping.Elapsed}");
    }

    private async Task<HttpStatusCode> StatusOfAsync(int page)
    {
        using var response = await _http.GetAsync(_upstream.PageUrl(page), Cancellation);
        return response.StatusCode;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
