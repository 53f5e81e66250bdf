namespace Ingestion.Storage;

/// <summary>
/// What a listing of a manifest's entries reads, as <see cref="ManifestIndexSeek"/> works it out from the manifest's
/// index: how many entries match in all, and the stretch of the manifest that holds the slice asked for (null when the
/// slice is empty: it starts past the last match, or takes none).
/// </summary>
public sealed record ManifestSeek(int Total, ManifestStretch? Stretch);
