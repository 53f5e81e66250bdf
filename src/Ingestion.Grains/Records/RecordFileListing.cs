using System.Collections.Immutable;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ingestion.PageRecords;

namespace Ingestion.Records;

/// <summary>A job's committed record files, listed from storage with what their metadata says, in name order.</summary>
public sealed class RecordFileListing(BlobServiceClient blobService)
{
    public async Task<ImmutableArray<RecordFileEntry>> ListAsync(RecordsAssignment assignment, CancellationToken cancellationToken)
    {
        var container = blobService.GetBlobContainerClient(assignment.Destination.Container);
        var jobId = assignment.JobId.ToString();
        var files = ImmutableArray.CreateBuilder<RecordFileEntry>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(
                BlobTraits.Metadata, BlobStates.None, RecordFileNames.PrefixOf(assignment.Destination), cancellationToken))
            {
                IDictionary<string, string> metadata = blob.Metadata;
                if (metadata.TryGetValue(BlobMetadataKeys.JobId, out var owner) && owner == jobId)
                {
                    files.Add(new RecordFileEntry
                    {
                        Blob = blob.Name,
                        Partition = Value(metadata, RecordFileMetadata.Partition) ?? "",
                        Rows = long.TryParse(Value(metadata, RecordFileMetadata.Rows), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) ? rows : 0,
                        Bytes = blob.Properties.ContentLength ?? 0,
                        Sha256 = Value(metadata, BlobMetadataKeys.Sha256),
                        SchemaVersion = int.TryParse(Value(metadata, RecordFileMetadata.SchemaVersion), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0,
                    });
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No container: no files.
        }

        return files.ToImmutable();
    }

    private static string? Value(IDictionary<string, string> metadata, string key) => metadata.TryGetValue(key, out var value) ? value : null;
}
