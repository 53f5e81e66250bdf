namespace Ingestion.Storage;

/// <summary>
/// The record of which job owns a destination prefix, kept as <c>{prefix}/_job.json</c>. It is created (or, to replace
/// the owner, overwritten) with a condition on the blob's existence or ETag, so two jobs can never both take a prefix.
/// </summary>
public sealed record PrefixOwner(Guid JobId, string? Name, DateTimeOffset ClaimedAt);
