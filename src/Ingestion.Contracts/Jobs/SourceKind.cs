namespace Ingestion.Jobs;

[GenerateSerializer, Alias("Ingestion.SourceKind")]
public enum SourceKind
{
    /// <summary>
    /// A URL template with a <c>{page}</c> (or <c>{offset}</c>) placeholder over a range of page numbers: a fixed range,
    /// an open-ended one that stops at the first empty page, or one whose total the first page states.
    /// </summary>
    Range = 0,

    /// <summary>An explicit list of URLs, inline or in a blob (one per line).</summary>
    List = 1,

    /// <summary>A start URL, each page naming the next (a Link header, a URL or a cursor in the body).</summary>
    Follow = 2,
}
