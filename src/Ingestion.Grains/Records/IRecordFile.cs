using System.Text.Json;

namespace Ingestion.Records;

/// <summary>
/// One record file being written into a block blob: records go in one at a time, a bounded buffer of them at most is in
/// memory, and the file exists (whole, never in part) only once committed.
/// </summary>
public interface IRecordFile : IDisposable
{
    /// <summary>The blob's name.</summary>
    string Name { get; }

    /// <summary>The records written so far.</summary>
    long Rows { get; }

    /// <summary>The bytes staged so far: about what the file holds, short of what is still buffered.</summary>
    long Bytes { get; }

    /// <summary>
    /// Appends <paramref name="record"/>, with its <paramref name="lineage"/> columns when given (a field of the record
    /// named as one of those gives way to it). A record that is not an object is written as <c>_value</c>.
    /// </summary>
    Task WriteAsync(JsonElement record, RecordLineage? lineage, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what is buffered and commits the blob with <paramref name="metadata"/>, to which it adds its rows and SHA-256
    /// (<see cref="RecordFileMetadata.Complete"/>).
    /// </summary>
    Task<RecordFileCommit> CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken);
}
