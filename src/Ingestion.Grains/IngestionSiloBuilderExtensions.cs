using Ingestion.Networking;
using Ingestion.Fetching;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Politeness;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddSingleton<Grains.Pages.PagePathReferences>();
        services.AddSingleton<Grains.Pages.PageWorkServices>();
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

        services.AddPageHttpClient();

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
