using Ingestion.Fetching;

namespace Ingestion.Politeness.HostLimits;

/// <summary>
/// Puts every request of the page client, robots.txt and each redirect hop included, through its host's limits: it
/// takes the <see cref="AttemptPermit"/> its page was admitted with (<see cref="AttemptAdmission"/>) or waits for a
/// <see cref="RequestPermit"/>, tells the host's lease how the host answered, and keeps the permit until the response
/// is disposed.
/// </summary>
public sealed class HostLimitHandler(SiloHostLimiter limiter, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri ?? throw new InvalidOperationException("The request has no URL.");
        var permit = AttemptPermit.ClaimFor(url) ?? await limiter.AcquireAsync(url, cancellationToken);
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
