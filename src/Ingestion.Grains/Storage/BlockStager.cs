using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Ingestion.Storage;

/// <summary>
/// Stages the blocks of one block blob and commits them together. Block ids carry a prefix of their own, so two writers
/// of the same blob (an old activation and a new one, say) never mix their blocks.
/// </summary>
public sealed class BlockStager(BlockBlobClient blob)
{
    private readonly string _prefix = Guid.NewGuid().ToString("N");
    private readonly List<string> _blockIds = [];

    public int Count => _blockIds.Count;

    /// <summary>Stages what <paramref name="buffer"/> holds as the next block, and empties it.</summary>
    public async Task StageAsync(ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        await StageAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    public async Task StageAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // Block ids must all have the same length within a blob.
        var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(
            _prefix + _blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        await blob.StageBlockAsync(blockId, BinaryData.FromBytes(content).ToStream(), cancellationToken: cancellationToken);
        _blockIds.Add(blockId);
    }

    /// <summary>Commits the blocks staged as the blob's content; the answer carries the blob's new ETag.</summary>
    public Task<Azure.Response<BlobContentInfo>> CommitAsync(
        BlobHttpHeaders headers, CancellationToken cancellationToken, IDictionary<string, string>? metadata = null) =>
        blob.CommitBlockListAsync(
            _blockIds,
            new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata },
            cancellationToken);
}
