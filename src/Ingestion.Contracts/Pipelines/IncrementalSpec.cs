namespace Ingestion.Pipelines;

/// <summary>
/// How a pipeline reads only what changed: each run's URLs carry <c>{watermark}</c>, the largest cursor value of the
/// records the last completed run stored, moved back by <see cref="Lookback"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.IncrementalSpec")]
public sealed record IncrementalSpec
{
    /// <summary>The JSON pointer of the cursor within a record: <c>/updated_at</c>.</summary>
    [Id(0)] public required string CursorPointer { get; init; }

    /// <summary>The JSON pointer of the records' array within a page: <c>/items</c>, or <c>""</c> for a top-level array.</summary>
    [Id(1)] public required string RecordsPointer { get; init; }

    /// <summary>The watermark of the first run, before any run has completed.</summary>
    [Id(2)] public required Watermark Initial { get; init; }

    /// <summary>How far back <c>{watermark}</c> reaches behind the watermark, for sources that write late.</summary>
    [Id(3)] public TimeSpan Lookback { get; init; }

    /// <summary>How cursor values compare; inferred from the values when not declared.</summary>
    [Id(4)] public WatermarkKind? CursorType { get; init; }

    /// <summary>Whether a run that ends <c>CompletedWithErrors</c> moves the watermark too (only <c>Completed</c> does by default).</summary>
    [Id(5)] public bool AdvanceOnErrors { get; init; }
}
