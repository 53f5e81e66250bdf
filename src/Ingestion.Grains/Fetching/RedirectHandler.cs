using Ingestion.Networking;
using System.Net;
using Microsoft.Extensions.Options;

namespace Ingestion.Fetching;

/// <summary>
/// Follows redirects for the page client, whose own following is off: at most <see cref="OutboundOptions.MaxRedirects"/>,
/// only to http and https, never from https down to http. Every hop opens its connection through the
/// <see cref="DestinationGuard"/>, so a redirect to a private address is refused like a URL that names one. On a
/// redirect to another origin only harmless headers go along: the job's credentials are meant for the host it named.
/// Every hop carries the request's options, so the handlers inside this one treat it as they treated the first request.
/// </summary>
public sealed class RedirectHandler(IOptions<OutboundOptions> options) : DelegatingHandler
{
    // Sent on to any origin; everything else the job set (Authorization, API keys, cookies) stays with the first one.
    private static readonly HashSet<string> CrossOriginHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Language", "User-Agent",
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var maxRedirects = options.Value.MaxRedirects;
        var current = request;
        var response = await base.SendAsync(current, cancellationToken);
        try
        {
            for (var redirects = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; redirects++)
            {
                var from = current.RequestUri!;
                var target = location.IsAbsoluteUri ? location : new Uri(from, location);
                if (redirects == maxRedirects)
                {
                    throw new DestinationRefusedException($"More than {maxRedirects} redirects (the last to {Describe(target)}).");
                }

                if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                {
                    throw new DestinationRefusedException($"A redirect to a '{target.Scheme}' URL: only http and https are fetched.");
                }

                if (from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
                {
                    throw new DestinationRefusedException($"A redirect from https down to http ({Describe(target)}).");
                }

                var next = Follow(current, target, response.StatusCode);
                response.Dispose();
                if (!ReferenceEquals(current, request))
                {
                    current.Dispose();
                }

                current = next;
                response = await base.SendAsync(current, cancellationToken);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
        finally
        {
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static HttpRequestMessage Follow(HttpRequestMessage request, Uri target, HttpStatusCode status)
    {
        // 303, and 301/302 after a POST, turn into a GET without a body, as browsers and HttpClient itself do.
        var toGet = status == HttpStatusCode.SeeOther
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post);
        if (!toGet && request.Content is not null)
        {
            throw new DestinationRefusedException("A redirect that would send a request body again is not followed.");
        }

        var next = new HttpRequestMessage(toGet ? HttpMethod.Get : request.Method, target)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };

        // The options say how the request is to be sent (whether its job respects robots.txt, say), whatever the
        // origin: a hop without them would skip what the handlers after this one check.
        foreach (var (key, value) in request.Options)
        {
            next.Options.Set(new HttpRequestOptionsKey<object?>(key), value);
        }

        var sameOrigin = Uri.Compare(request.RequestUri, target, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
        foreach (var (name, values) in request.Headers)
        {
            if (sameOrigin || CrossOriginHeaders.Contains(name))
            {
                next.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return next;
    }

    /// <summary>The target without its query, which may carry a signature that does not belong in an error message.</summary>
    private static string Describe(Uri target) => target.GetLeftPart(UriPartial.Path);
}
