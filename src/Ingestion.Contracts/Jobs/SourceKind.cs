namespace Ingestion.Jobs;

[GenerateSerializer, Alias("Ingestion.SourceKind")]
public enum SourceKind
{
    /// <summary>A URL template with a <c>{page}</c> placeholder over an inclusive range of page numbers.</summary>
    Range = 0,

    /// <summary>An explicit list of URLs.</summary>
    List = 1,
}
