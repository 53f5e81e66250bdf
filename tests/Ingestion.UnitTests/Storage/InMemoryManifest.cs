using System.Buffers;
using System.Text.Json;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.UnitTests.Storage;

/// <summary>
/// A manifest written to memory the way <see cref="ManifestStore.WriteAsync"/> writes it (a header, then the entries,
/// the index told of each before it is written), and stretches of it read back the way
/// <see cref="ManifestStore.ReadStretchAsync"/> reads them: a few bytes at a time, so that entries span reads.
/// </summary>
internal static class InMemoryManifest
{
    public static readonly Guid JobId = Guid.Parse("0193a000-0000-7000-8000-00000000a11d");

    public static readonly Azure.ETag ETag = new("\"0x8DC0000000000A1\"");

    /// <summary>One entry per status, pages numbered from 1; failed entries carry errors of varying length.</summary>
    public static List<PageRecord> Entries(IEnumerable<PageStatus> statuses) =>
        [.. statuses.Select((status, index) => new PageRecord
        {
            Page = index + 1,
            Url = $"https://api.example.com/items?page={index + 1}",
            Status = status,
            Attempts = 1,
            Error = status == PageStatus.Failed ? string.Concat(Enumerable.Repeat("\"é\", ", index % 7)) : null,
        })];

    public static (byte[] Manifest, ManifestIndex Index) Write(IReadOnlyList<PageRecord> entries, int entriesPerCheckpoint)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var index = new ManifestIndexRecorder(entriesPerCheckpoint);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jobId", JobId);
            writer.WriteString("name", "a name with pages: [{\"page\": 1}] in it");
            writer.WriteStartArray("pages");
            foreach (var entry in entries)
            {
                index.Add(entry, writer.BytesCommitted + writer.BytesPending);
                PageRecordJson.WriteManifestEntry(writer, entry);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return (buffer.WrittenSpan.ToArray(), index.ToIndex(JobId, ETag));
    }

    /// <summary>The entries of <paramref name="stretch"/> of <paramref name="manifest"/>, fed to the parser <paramref name="chunkBytes"/> at a time.</summary>
    public static List<PageRecord> ReadStretch(byte[] manifest, ManifestStretch stretch, int chunkBytes = 7) =>
        Read(manifest.AsSpan((int)stretch.From, (int)((stretch.To ?? manifest.Length) - stretch.From)).ToArray(), chunkBytes);

    /// <summary>The entries the stretch parser finds in <paramref name="data"/>, fed to it <paramref name="chunkBytes"/> at a time.</summary>
    public static List<PageRecord> Read(byte[] data, int chunkBytes = 7)
    {
        var parser = ManifestPageParser.EntriesOnly();
        var pages = new List<PageRecord>();
        var pending = new List<byte>();
        var position = 0;
        while (!parser.Done)
        {
            var chunk = data.AsSpan(position, Math.Min(chunkBytes, data.Length - position));
            position += chunk.Length;
            pending.AddRange(chunk);
            var ended = position == data.Length;
            var used = parser.Parse(pending.ToArray(), ended, pages);
            pending.RemoveRange(0, used);
            if (ended && !parser.Done)
            {
                throw new JsonException("The stretch ends early.");
            }
        }

        return pages;
    }
}
