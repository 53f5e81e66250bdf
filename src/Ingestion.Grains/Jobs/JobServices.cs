using Ingestion.Grains.Cluster;
using Ingestion.Grains.Jobs.Index;
using Ingestion.Grains.Jobs.Sources;
using Ingestion.Grains.Pipelines;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>What the job grain reads and writes through: storage, the URL lists, the job's destination, the job index.</summary>
public sealed class JobServices(
    JobDestinations destinations,
    JobRestorer restorer,
    JobPageRecords pageRecords,
    UrlListSizing urlListSizing,
    UrlListReader urlLists,
    ManifestStore manifests,
    UnstoredPageJournal journal,
    PrefixClearer clearer,
    PageBlobRemover pageBlobs,
    SiloDeathWatch deathWatch,
    JobIndex index,
    RunWatermarkReader watermarks,
    Pages.PagePathReferences pagePaths)
{
    public JobDestinations Destinations { get; } = destinations;

    public JobRestorer Restorer { get; } = restorer;

    public JobPageRecords PageRecords { get; } = pageRecords;

    public UrlListSizing UrlListSizing { get; } = urlListSizing;

    public UrlListReader UrlLists { get; } = urlLists;

    public ManifestStore Manifests { get; } = manifests;

    public UnstoredPageJournal Journal { get; } = journal;

    public PrefixClearer Clearer { get; } = clearer;

    public PageBlobRemover PageBlobs { get; } = pageBlobs;

    /// <summary>Reads the watermark a pipeline's incremental run reached, before its manifest is written.</summary>
    public RunWatermarkReader Watermarks { get; } = watermarks;

    /// <summary>The job list's table, where each job keeps its own row.</summary>
    public JobIndex Index { get; } = index;

    /// <summary>References to the job's page grains, made without working out their grain type each time.</summary>
    public Pages.PagePathReferences PagePaths { get; } = pagePaths;

    /// <summary>Tells the jobs running in this silo when another silo dies.</summary>
    public SiloDeathWatch DeathWatch { get; } = deathWatch;
}
