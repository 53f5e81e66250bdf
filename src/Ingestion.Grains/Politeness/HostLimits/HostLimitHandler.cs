using Ingestion.Fetching;

namespace Ingestion.Politeness;

/// <summary>
/// Puts every request of the page client, robots.txt and each redirect hop included, through its host's limits: it
/// takes the place its page waited for before the attempt (<see cref="HostTurns"/>) or waits for one,
/// tells the host's budget how the host answered, and keeps the place until the response is disposed.
/// </summary>
public sealed class HostLimitHandler(HostLimiter limiter, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri ?? throw new InvalidOperationException("The request has no URL.");
        var permit = HostTurn.ClaimFor(url) ?? await limiter.AcquireAsync(url, cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch
        {
            permit.Dispose();
            throw;
        }

        permit.Answered((int)response.StatusCode, RetryPolicy.RetryAfter(response.Headers.RetryAfter, timeProvider.GetUtcNow()));
        response.Content = new PermitReleasingContent(response.Content, permit);
        return response;
    }
}
