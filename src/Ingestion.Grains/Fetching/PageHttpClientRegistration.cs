using System.Diagnostics;
using System.Net;
using Ingestion.Networking;
using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Fetching;

/// <summary>
/// The HTTP client that fetches pages (and robots.txt): the user's URLs, on third parties' hosts. It keeps none of the
/// service defaults' handlers (resilience, service discovery) and has its own: redirects checked hop by hop, robots.txt,
/// the host's limits, and a logger that logs no headers.
/// </summary>
public static class PageHttpClientRegistration
{
    // Service discovery's handler is internal to its package: it is known by its name.
    internal const string ServiceDiscoveryHandler = "Microsoft.Extensions.ServiceDiscovery.Http.ResolvingHttpDelegatingHandler";

    public static IServiceCollection AddPageHttpClient(this IServiceCollection services)
    {
#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of the defaults.
        services.AddHttpClient(PageFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(15),
                // Every connection goes where the guard checked it may: no proxy, redirects followed by RedirectHandler.
                ConnectCallback = new DestinationGuard(provider.GetRequiredService<IOptions<OutboundOptions>>()).ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                // Each request still gets its span, but sends no traceparent: upstreams are third parties, our traces
                // stay ours. (A null propagator would drop the span too.)
                ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            })
            .AddHttpMessageHandler(provider => new RedirectHandler(provider.GetRequiredService<IOptions<OutboundOptions>>()))
            // Inside the redirect handler, so each hop goes through its own host's limits; robots.txt before them.
            .AddHttpMessageHandler(provider => new RobotsTxtHandler(provider.GetRequiredService<RobotsTxtCache>()))
            .AddHttpMessageHandler(provider => new HostLimitHandler(provider.GetRequiredService<SiloHostLimiter>(), provider.GetRequiredService<TimeProvider>()))
            // The factory's loggers would log the job's headers (credentials) as structured values: ours logs none.
            .RemoveAllLoggers()
            .AddLogger(provider => new PageRequestLogger(provider.GetRequiredService<ILogger<PageRequestLogger>>()))
            // The grain's own retry policy is the only one on this path: a resilience handler (which the service
            // defaults add to every client) would retry behind its back and stretch the job's per-request timeout.
            .RemoveAllResilienceHandlers()
            // A page's host is the user's, never one of the app's own services: service discovery (also a default of
            // every client) would send a URL whose host is named like one of them to that service's endpoint, and
            // costs a lookup per request.
            .ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
            {
                for (var i = handlers.Count - 1; i >= 0; i--)
                {
                    if (handlers[i].GetType().FullName == ServiceDiscoveryHandler)
                    {
                        handlers.RemoveAt(i);
                    }
                }
            });
#pragma warning restore EXTEXP0001
        return services;
    }
}
