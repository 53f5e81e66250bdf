using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Storage;

namespace Ingestion.Records;

/// <summary>
/// A gzip-compressed JSON Lines record file written into a block blob a block at a time: records are buffered up to
/// <c>blockBytes</c>, and each full buffer is compressed as a gzip member of its own and staged as a block. Concatenated
/// gzip members are one valid gzip stream (RFC 1952 §2.2), so the committed blob is one <c>.jsonl.gz</c> file, and no
/// more than one block is ever in memory. The file exists only once committed.
/// </summary>
/// <remarks>
/// A record is written as it came, compact, on one line; lineage columns are added as its last fields. A record that is
/// not an object becomes <c>{"_value": ...}</c>, as it does in Parquet.
/// </remarks>
public sealed class JsonLinesGzipFile(BlockBlobClient blob, int blockBytes) : IRecordFile
{
    public const string ContentType = "application/gzip";

    private readonly BlockStager _blocks = new(blob);
    private readonly ArrayBufferWriter<byte> _lines = new(blockBytes);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string Name => blob.Name;

    /// <summary>The records written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The compressed bytes staged so far (the file's size once committed).</summary>
    public long Bytes { get; private set; }

    /// <summary>Appends <paramref name="record"/> as one line; stages a block when the buffer is full.</summary>
    public async Task WriteAsync(JsonElement record, RecordLineage? lineage, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(_lines))
        {
            // One line: the writer's default is compact, so a record never holds a line break.
            if (record.ValueKind == JsonValueKind.Object && lineage is null)
            {
                record.WriteTo(writer);
            }
            else
            {
                WriteWithLineage(writer, record, lineage);
            }
        }

        _lines.Write("\n"u8);
        Rows++;
        if (_lines.WrittenCount >= blockBytes)
        {
            await StageAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stages what is buffered and commits the file, its rows and SHA-256 added to <paramref name="metadata"/>; the SHA-256
    /// is over the compressed bytes, as stored.
    /// </summary>
    public async Task<RecordFileCommit> CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        await StageAsync(cancellationToken);
        var sha256 = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        if (metadata is not null)
        {
            RecordFileMetadata.Complete(metadata, Rows, sha256);
        }

        await _blocks.CommitAsync(new BlobHttpHeaders { ContentType = ContentType }, cancellationToken, metadata);
        return new RecordFileCommit(Name, Rows, Bytes, sha256);
    }

    private static void WriteWithLineage(Utf8JsonWriter writer, JsonElement record, RecordLineage? lineage)
    {
        writer.WriteStartObject();
        if (record.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in record.EnumerateObject())
            {
                if (lineage is null || !RecordLineage.IsColumn(field.Name))
                {
                    field.WriteTo(writer);
                }
            }
        }
        else
        {
            writer.WritePropertyName(RecordSchema.ValueColumn);
            record.WriteTo(writer);
        }

        if (lineage is { } from)
        {
            writer.WriteString(RecordLineage.JobIdColumn, from.JobId);
            writer.WriteNumber(RecordLineage.PageColumn, from.Page);
            if (from.FetchedAt is { } fetchedAt)
            {
                writer.WriteString(RecordLineage.FetchedAtColumn, fetchedAt.ToUniversalTime());
            }
            else
            {
                writer.WriteNull(RecordLineage.FetchedAtColumn);
            }
        }

        writer.WriteEndObject();
    }

    public void Dispose() => _sha256.Dispose();

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        if (_lines.WrittenCount == 0)
        {
            return;
        }

        using var member = new MemoryStream();
        await using (var gzip = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(_lines.WrittenMemory, cancellationToken);
        }

        var compressed = member.GetBuffer().AsMemory(0, (int)member.Length);
        await _blocks.StageAsync(compressed, cancellationToken);
        _sha256.AppendData(compressed.Span);
        Bytes += compressed.Length;
        _lines.ResetWrittenCount();
    }
}
