using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>Where a job's blobs go: <c>{container}/{prefix}/pages/…</c> and <c>{container}/{prefix}/_manifest.json</c>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.DestinationSpec")]
public sealed record DestinationSpec([property: Id(0)] string Container, [property: Id(1)] string Prefix)
{
    [JsonIgnore] public string ManifestBlobName => $"{Prefix}/_manifest.json";

    [JsonIgnore] public string PageBlobPrefix => $"{Prefix}/pages/";
}
