using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// One status's column of a <see cref="ManifestIndex"/>: how many of the manifest's entries are in
/// <paramref name="Status"/> before each checkpoint (<paramref name="Before"/>, one count per checkpoint), and in all.
/// A listing filtered by the status starts at the last checkpoint whose count has not passed what it skips.
/// </summary>
public sealed record ManifestStatusCounts(PageStatus Status, int Total, IReadOnlyList<int> Before);
