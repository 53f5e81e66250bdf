namespace Ingestion.Records;

/// <summary>A record file as committed: its blob, its records, its size and the SHA-256 of its bytes as stored.</summary>
public sealed record RecordFileCommit(string Name, long Rows, long Bytes, string Sha256);
