namespace Ingestion.Jobs;

/// <summary>
/// How a followed page names the next one. Exactly one way is set: the <c>Link</c> header's <c>rel="next"</c>, a URL in
/// the JSON body, or a cursor in the body that the next request carries as a query parameter.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.NextSpec")]
public sealed record NextSpec
{
    [Id(0)] public bool LinkHeader { get; init; }

    /// <summary>An RFC 6901 pointer to the next page's URL (absolute, or relative to the page's own).</summary>
    [Id(1)] public string? JsonPointer { get; init; }

    /// <summary>An RFC 6901 pointer to the cursor; a missing, null or empty cursor ends the chain.</summary>
    [Id(2)] public string? CursorPointer { get; init; }

    /// <summary>The query parameter that carries the cursor, set on the start URL.</summary>
    [Id(3)] public string? CursorParam { get; init; }
}
