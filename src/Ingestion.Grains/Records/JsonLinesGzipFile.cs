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
public sealed class JsonLinesGzipFile(BlockBlobClient blob, int blockBytes) : IDisposable
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
    public async Task WriteAsync(JsonElement record, CancellationToken cancellationToken)
    {
        using (var writer = new Utf8JsonWriter(_lines))
        {
            // One line: the writer's default is compact, so a record never holds a line break.
            record.WriteTo(writer);
        }

        _lines.Write("\n"u8);
        Rows++;
        if (_lines.WrittenCount >= blockBytes)
        {
            await StageAsync(cancellationToken);
        }
    }

    /// <summary>Stages what is buffered and commits the file; its SHA-256 is over the compressed bytes, as stored.</summary>
    public async Task<(long Rows, long Bytes, string Sha256)> CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        await StageAsync(cancellationToken);
        await _blocks.CommitAsync(new BlobHttpHeaders { ContentType = ContentType }, cancellationToken, metadata);
        return (Rows, Bytes, Convert.ToHexStringLower(_sha256.GetHashAndReset()));
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
