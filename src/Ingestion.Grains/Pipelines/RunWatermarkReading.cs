using Ingestion.Pipelines;

namespace Ingestion.Grains.Pipelines;

/// <summary>What a run's stored pages say of the pipeline's cursor.</summary>
/// <param name="Max">The largest cursor value among the records of every stored page; null when none has one.</param>
/// <param name="Pages">Stored pages read.</param>
/// <param name="Records">Records found in them.</param>
/// <param name="WithoutCursor">Records with no usable cursor value.</param>
/// <param name="Unreadable">Pages that are not JSON or hold no array at the records pointer.</param>
public sealed record RunWatermarkReading(Watermark? Max, int Pages, long Records, long WithoutCursor, int Unreadable);
