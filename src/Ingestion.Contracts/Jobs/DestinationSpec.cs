using System.Text.Json.Serialization;

namespace Ingestion.Jobs;

/// <summary>
/// Where a job's blobs go: <c>{container}/{prefix}/pages/…</c>, <c>{container}/{prefix}/_manifest.json</c> with its
/// index <c>{container}/{prefix}/_manifest.index.json</c>, and the prefix's owner record
/// <c>{container}/{prefix}/_job.json</c>. The service's own records start with <c>_</c>, so globs of the data (Spark,
/// DuckDB) pass them by. In a spec the prefix may hold placeholders (<see cref="PrefixTemplate"/>); a job's view shows
/// it expanded.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.DestinationSpec")]
public sealed record DestinationSpec(
    [property: Id(0)] string Container,
    [property: Id(1)] string Prefix,
    [property: Id(2)] IfPrefixExists IfExists = IfPrefixExists.Fail)
{
    public const string ManifestName = "_manifest.json";
    public const string ManifestIndexName = "_manifest.index.json";
    public const string OwnerName = "_job.json";
    public const string PagesFolder = "pages";

    [JsonIgnore] public string ManifestBlobName => $"{Prefix}/{ManifestName}";

    /// <summary>Where a listing of a manifest's entries finds where to start reading it, beside the manifest.</summary>
    [JsonIgnore] public string ManifestIndexBlobName => $"{Prefix}/{ManifestIndexName}";

    [JsonIgnore] public string OwnerBlobName => $"{Prefix}/{OwnerName}";

    [JsonIgnore] public string PageBlobPrefix => $"{Prefix}/{PagesFolder}/";
}
