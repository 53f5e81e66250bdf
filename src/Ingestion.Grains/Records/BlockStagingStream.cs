using System.Buffers;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Storage;

namespace Ingestion.Records;

/// <summary>
/// A forward-only stream whose bytes become the blocks of a block blob: what is written is buffered in memory until
/// <see cref="StageAsync"/> stages it as the next block, so a writer that cannot seek (Parquet's, say) can fill a blob
/// whose parts it decides, holding no more than one part at a time. The bytes are hashed as they are staged.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob) : Stream
{
    private readonly BlockStager _blocks = new(blob);
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The bytes staged so far.</summary>
    public long Staged { get; private set; }

    /// <summary>The blocks staged so far.</summary>
    public int Blocks => _blocks.Count;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException("A block staging stream is written forward only.");

    /// <summary>The bytes written so far, staged or not: where the next byte goes in the blob.</summary>
    public override long Position
    {
        get => Staged + _buffer.WrittenCount;
        set => throw new NotSupportedException("A block staging stream is written forward only.");
    }

    /// <summary>Stages what is buffered as the next block of the blob (nothing when nothing is).</summary>
    public async Task StageAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        var block = _buffer.WrittenMemory;
        await _blocks.StageAsync(block, cancellationToken);
        _sha256.AppendData(block.Span);
        Staged += block.Length;
        _buffer.ResetWrittenCount();
    }

    /// <summary>
    /// Stages what is buffered and commits the blob: its blocks, in the order written, with <paramref name="metadata"/>,
    /// which <paramref name="complete"/> may add to once the SHA-256 is known. Returns the lowercase hex SHA-256 of the
    /// bytes as stored.
    /// </summary>
    public async Task<string> CommitAsync(
        string contentType, IDictionary<string, string>? metadata, Action<IDictionary<string, string>, string>? complete, CancellationToken cancellationToken)
    {
        await StageAsync(cancellationToken);
        var sha256 = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        if (metadata is not null)
        {
            complete?.Invoke(metadata, sha256);
        }

        await _blocks.CommitAsync(new BlobHttpHeaders { ContentType = contentType }, cancellationToken, metadata);
        return sha256;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

    public override void WriteByte(byte value) => _buffer.Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Writing only buffers: the blob is written by StageAsync, at the boundaries the writer chooses.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        _buffer.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    // Nothing to flush: a block is staged only when the writer says a part is whole.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A block staging stream is written, not read.");

    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("A block staging stream is written forward only.");

    public override void SetLength(long value) =>
        throw new NotSupportedException("A block staging stream is written forward only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }
}
