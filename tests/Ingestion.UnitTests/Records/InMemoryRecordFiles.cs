using System.Text.Json;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>
/// Record files kept in memory as block blobs behave: a file's records exist only once committed, a commit under a name
/// replaces what the name held, and a file dropped without a commit leaves nothing.
/// </summary>
internal sealed class InMemoryRecordFiles : IRecordFiles
{
    public Dictionary<string, CommittedFile> Committed { get; } = new(StringComparer.Ordinal);

    public int Commits { get; private set; }

    /// <summary>Makes the next commit fail after the file is stored, as a silo dying right after it would.</summary>
    public Action<string>? AfterCommit { get; set; }

    public IRecordFile Open(string name, RecordSchema schema) => new File(this, name, schema);

    /// <summary>Every committed record's id, with the file it is in.</summary>
    public IEnumerable<(string Id, string File)> Records() =>
        Committed.SelectMany(file => file.Value.Records.Select(record => (IdOf(record), file.Key)));

    private static string IdOf(string record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) ? id.ToString() : root.GetRawText();
    }

    public sealed record CommittedFile(IReadOnlyList<string> Records, RecordSchema Schema, IReadOnlyDictionary<string, string> Metadata);

    private sealed class File(InMemoryRecordFiles files, string name, RecordSchema schema) : IRecordFile
    {
        private readonly List<string> _records = [];

        public string Name => name;

        public long Rows => _records.Count;

        // Every record counts 100 bytes: sizes are easy to reason about in tests.
        public long Bytes => _records.Count * 100L;

        public Task WriteAsync(JsonElement record, RecordLineage? lineage, CancellationToken cancellationToken)
        {
            _records.Add(lineage is { } from ? $"{{\"id\":{record.GetProperty("id")},\"_page\":{from.Page}}}" : record.GetRawText());
            return Task.CompletedTask;
        }

        public Task<RecordFileCommit> CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken)
        {
            files.Committed[name] = new CommittedFile([.. _records], schema, new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()));
            files.Commits++;
            files.AfterCommit?.Invoke(name);
            return Task.FromResult(new RecordFileCommit(name, Rows, Bytes, "sha"));
        }

        public void Dispose()
        {
        }
    }
}
