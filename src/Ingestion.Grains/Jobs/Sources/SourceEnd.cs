namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// Where a source ends, as a response or a failure told it: the last page, why, whether maxPages cut the source short
/// (<see cref="Truncated"/>), and whether the source itself said so (<see cref="Found"/>) rather than a failure or a
/// missing total leaving the end there: a retry keeps an end that was found and looks again for one that was not.
/// </summary>
internal sealed record SourceEnd(int LastPage, string Reason, bool Truncated, bool Found);
