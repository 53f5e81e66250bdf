namespace Ingestion.Storage;

/// <summary>What the start of a manifest says: the job it belongs to (null if it names none), and the blob's ETag.</summary>
public sealed record ManifestHead(Guid? JobId, Azure.ETag ETag);
