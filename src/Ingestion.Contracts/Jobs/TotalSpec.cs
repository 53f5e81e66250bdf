namespace Ingestion.Jobs;

/// <summary>
/// Where the first page of an open range states how many there are, for a job to fetch it and then the rest at once.
/// Exactly one of <see cref="Header"/>, <see cref="JsonPointer"/> and <see cref="LinkLast"/> is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.TotalSpec")]
public sealed record TotalSpec
{
    /// <summary>Whether the stated number counts pages or items (then divided by the source's page size).</summary>
    [Id(0)] public TotalCounts Counts { get; init; }

    /// <summary>A response header holding the number, such as <c>X-Total-Count</c>.</summary>
    [Id(1)] public string? Header { get; init; }

    /// <summary>An RFC 6901 pointer to the number in a JSON body, such as <c>/total_pages</c>.</summary>
    [Id(2)] public string? JsonPointer { get; init; }

    /// <summary>The last page is the one the RFC 8288 <c>Link: &lt;…&gt;; rel="last"</c> header points at.</summary>
    [Id(3)] public bool LinkLast { get; init; }
}
