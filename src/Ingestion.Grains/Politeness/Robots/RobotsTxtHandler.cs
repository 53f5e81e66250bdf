namespace Ingestion.Politeness.Robots;

/// <summary>
/// Checks a page request against its host's robots.txt before it goes out, when the request is marked with
/// <see cref="RespectRobotsTxt"/> (the job asked for it); a refusal is a <see cref="RobotsTxtRefusedException"/>.
/// It sits before the host limits, so a page waiting for robots.txt holds no place in them.
/// </summary>
public sealed class RobotsTxtHandler(RobotsTxtCache robots) : DelegatingHandler
{
    /// <summary>Set to true on a request whose job respects robots.txt.</summary>
    public static readonly HttpRequestOptionsKey<bool> RespectRobotsTxt = new("Ingestion.RespectRobotsTxt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RespectRobotsTxt, out var respect) && respect && request.RequestUri is { } url)
        {
            await robots.EnsureAllowedAsync(url, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
