namespace Ingestion.Storage;

/// <summary>
/// What the start of a manifest says: the job it belongs to (null if it names none), the blob's ETag, and whether its
/// metadata says an index of it was written beside it (<see cref="ManifestIndex.IsAnnouncedIn"/>).
/// </summary>
public sealed record ManifestHead(Guid? JobId, Azure.ETag ETag, bool IndexWritten);
