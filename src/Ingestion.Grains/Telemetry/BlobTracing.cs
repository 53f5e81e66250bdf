using System.Diagnostics;
using Azure.Storage.Blobs.Specialized;

namespace Ingestion.Telemetry;

/// <summary>The "blob upload" span: one page's body streamed into its blob, under the attempt's "page fetch" span.</summary>
internal static class BlobTracing
{
    /// <summary>Starts the span; null when nobody listens.</summary>
    public static Activity? StartUpload(BlockBlobClient blob) =>
        IngestionTelemetry.Source.StartActivity(IngestionTelemetry.BlobUploadSpan)
            ?.SetTag(IngestionTelemetry.BlobContainerTag, blob.BlobContainerName)
            .SetTag(IngestionTelemetry.BlobNameTag, blob.Name);
}
