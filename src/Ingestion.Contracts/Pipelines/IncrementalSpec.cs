namespace Ingestion.Pipelines;

/// <summary>
/// How a pipeline reads only what changed: each run's URLs carry <c>{watermark}</c>, which the last completed run reached
/// (see <see cref="From"/>), moved back by <see cref="Lookback"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.IncrementalSpec")]
public sealed record IncrementalSpec
{
    /// <summary>The JSON pointer of the cursor within a record: <c>/updated_at</c>; set exactly when <see cref="From"/> is <see cref="WatermarkSource.Records"/>.</summary>
    [Id(0)] public string? CursorPointer { get; init; }

    /// <summary>The JSON pointer of the records' array within a page: <c>/items</c>, or <c>""</c> for a top-level array; with <see cref="CursorPointer"/>.</summary>
    [Id(1)] public string? RecordsPointer { get; init; }

    /// <summary>The watermark of the first run, before any run has completed.</summary>
    [Id(2)] public required Watermark Initial { get; init; }

    /// <summary>How far back <c>{watermark}</c> reaches behind the watermark, for sources that write late.</summary>
    [Id(3)] public TimeSpan Lookback { get; init; }

    /// <summary>How cursor values compare; inferred from the values when not declared.</summary>
    [Id(4)] public WatermarkKind? CursorType { get; init; }

    /// <summary>Whether a run that ends <c>CompletedWithErrors</c> moves the watermark too (only <c>Completed</c> does by default).</summary>
    [Id(5)] public bool AdvanceOnErrors { get; init; }

    /// <summary>Where the watermark comes from: the records, a response header, or the run's start.</summary>
    [Id(6)] public WatermarkSource From { get; init; } = WatermarkSource.Records;

    /// <summary>The response header whose largest value is the watermark; set exactly when <see cref="From"/> is <see cref="WatermarkSource.Header"/>.</summary>
    [Id(7)] public string? Header { get; init; }
}
