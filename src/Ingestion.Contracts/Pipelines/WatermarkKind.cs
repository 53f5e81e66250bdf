namespace Ingestion.Pipelines;

/// <summary>How watermark values compare: as instants, as numbers, or as strings (ordinal).</summary>
public enum WatermarkKind
{
    /// <summary>ISO-8601 date-times with an offset (<c>2024-06-01T12:00:00Z</c>), compared as instants.</summary>
    Time,

    /// <summary>JSON numbers (ids, sequence numbers, Unix times), compared as decimals.</summary>
    Number,

    /// <summary>Any other string, compared ordinally.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the JSON type, as users declare it.")]
    String,
}
