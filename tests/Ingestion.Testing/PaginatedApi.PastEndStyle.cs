namespace Ingestion.Testing;

/// <summary>How <see cref="PaginatedApi"/> answers a request for a page after the last one.</summary>
public enum PastEndStyle
{
    /// <summary>200 with the usual body holding no items (<c>{"items":[],...}</c>, or <c>[]</c> for bare
    /// arrays).</summary>
    EmptyArray,

    /// <summary>404 with a small JSON error body.</summary>
    NotFound,

    /// <summary>200 with no body at all (<c>Content-Length: 0</c>).</summary>
    EmptyBody,

    /// <summary>200 with the body <c>[]</c>, whatever shape the other pages have.</summary>
    BareEmptyArray,
}
