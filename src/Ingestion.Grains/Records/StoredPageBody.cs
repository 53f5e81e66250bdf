namespace Ingestion.Records;

/// <summary>A stored page's content as read back: its blob, when it was fetched, and its bytes.</summary>
internal sealed record StoredPageBody(string Blob, DateTimeOffset? FetchedAt, ReadOnlyMemory<byte> Content);
