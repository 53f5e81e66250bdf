using Ingestion.Networking;
using System.Diagnostics;
using System.Net;
using Ingestion.Fetching;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Politeness;
using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Ingestion;

public static class IngestionSiloBuilderExtensions
{
    /// <summary>
    /// Registers what the grains need: options, the page HTTP client, the storage helpers and the grain-state format.
    /// The host registers the <see cref="Azure.Storage.Blobs.BlobServiceClient"/> that pages are written to, and the
    /// <see cref="StorageNames.JobStore"/> grain storage.
    /// </summary>
    public static ISiloBuilder AddIngestionGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddValidatedOptions<FetchOptions>(silo.Configuration, FetchOptions.SectionName);
        services.AddValidatedOptions<Ingestion.Pipelines.PipelineOptions>(silo.Configuration, Ingestion.Pipelines.PipelineOptions.SectionName);
        services.AddValidatedOptions<JobOptions>(silo.Configuration, JobOptions.SectionName);
        services.AddValidatedOptions<RetryOptions>(silo.Configuration, RetryOptions.SectionName);
        services.AddValidatedOptions<StorageOptions>(silo.Configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<OutboundOptions>(silo.Configuration, OutboundOptions.SectionName);
        services.AddPoliteness(silo.Configuration);
        silo.AddIngestionTelemetry();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PageBlobWriter>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<ManifestStore>();
        services.AddSingleton<ManifestPageListing>();
        services.AddSingleton<BlobContainers>();
        services.AddSingleton<PrefixOwnership>();
        services.AddSingleton<PrefixClearer>();
        services.AddSingleton<PageBlobRemover>();
        services.AddSingleton<Grains.Jobs.JobDestinations>();
        services.AddSingleton<Grains.Jobs.JobRestorer>();
        services.AddSingleton<Grains.Jobs.JobPageRecords>();
        services.AddSingleton<Grains.Jobs.Sources.UrlListSizing>();
        services.AddSingleton<Grains.Jobs.JobServices>();
        services.AddSingleton<UnstoredPageJournal>();
        services.AddSingleton<StoredPageScanner>();
        services.AddSingleton<StoredPageLookup>();
        services.AddSingleton<UrlListReader>();
        services.AddSingleton<Grains.Pipelines.RunWatermarkReader>();
        services.AddSingleton<Grains.Pipelines.RunDataPurger>();
        services.AddSingleton<Grains.Pipelines.PipelineIndex>();
        services.AddSingleton<Grains.Jobs.Index.JobIndex>();
        services.AddSingleton<Grains.Pages.PagesInFlight>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Grains.Pages.PageDrainOnStop>();
        services.AddSingleton<Grains.Cluster.SiloDeathWatch>();
        services.AddValidatedOptions<Records.RecordsOptions>(silo.Configuration, Records.RecordsOptions.SectionName);
        services.AddSingleton<Records.RecordErrorJournal>();
        services.AddSingleton<Records.RecordFileListing>();
        services.AddSingleton<Records.RecordsServices>();
        services.AddHostedService(provider => provider.GetRequiredService<Grains.Cluster.SiloDeathWatch>());

        // Grain state in Orleans' own binary format: compact, and version-tolerant through the [Id]s on the types.
        services.AddSingleton<IGrainStorageSerializer>(provider =>
            new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()));

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
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        return silo;
    }

    /// <summary>Binds options from a configuration section and validates them when the silo starts, not on first use.</summary>
    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
