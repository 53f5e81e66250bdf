using Azure.Storage.Blobs;
using Ingestion.Storage;
using Microsoft.Extensions.Options;

namespace Ingestion.Records;

/// <summary>What a job's records grain reads and writes through.</summary>
public sealed class RecordsServices(
    BlobServiceClient blobService,
    ManifestStore manifests,
    RecordErrorJournal errors,
    RecordFileListing files,
    IOptions<RecordsOptions> options)
{
    public BlobServiceClient BlobService { get; } = blobService;

    /// <summary>The baselines' manifests, where unchanged pages' content is found.</summary>
    public ManifestStore Manifests { get; } = manifests;

    public RecordErrorJournal Errors { get; } = errors;

    public RecordFileListing Files { get; } = files;

    public RecordsOptions Options { get; } = options.Value;
}
