namespace Ingestion.Storage;

/// <summary>
/// What one step of clearing a prefix did: where the next starts (null: done), the jobs whose blobs it removed, and how
/// many blobs it removed.
/// </summary>
public sealed record ClearingStep(string? Next, IReadOnlyCollection<Guid> Owners, int Deleted);
