using Ingestion.Pipelines;

namespace Ingestion.Grains.Pipelines;

/// <summary>What a stored page says of the pipeline's cursor.</summary>
/// <param name="Max">The largest cursor value among its records; null when none has one.</param>
/// <param name="Records">How many records the page holds.</param>
/// <param name="WithoutCursor">Records with no usable cursor value (missing, null, or not of the declared kind).</param>
/// <param name="Problem">Why the page could not be read for records (not JSON, no array there); null when it could.</param>
public sealed record PageCursorReading(Watermark? Max, int Records, int WithoutCursor, string? Problem = null);
