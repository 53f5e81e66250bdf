using System.Net;
using Ingestion.Fetching;
using Ingestion.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Ingestion;

public static class IngestionGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains need: options, the page HTTP client and the storage helpers.
    /// The host registers the <see cref="Azure.Storage.Blobs.BlobServiceClient"/> that pages are written to.
    /// </summary>
    public static IServiceCollection AddIngestionGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchOptions>()
            .Bind(configuration.GetSection(FetchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PageBlobWriter>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<ManifestStore>();

#pragma warning disable EXTEXP0001 // Experimental, but the supported way to opt one client out of the defaults.
        services.AddHttpClient(PageFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            })
            // The grain's own retry policy is the only one on this path: a resilience handler (which the service
            // defaults add to every client) would retry behind its back and stretch the job's per-request timeout.
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        return services;
    }
}
