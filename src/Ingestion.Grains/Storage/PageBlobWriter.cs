using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Fetching;
using Microsoft.Extensions.Options;

namespace Ingestion.Storage;

/// <summary>
/// Streams a body into a block blob while hashing it. A body that fits in one block goes up in a single request;
/// a larger one is staged block by block, so memory per page is bounded by the block size, never the page size.
/// The SHA-256 is only known at the end, so it is set with the commit, together with the rest of the metadata.
/// </summary>
public sealed class PageBlobWriter(IOptions<FetchOptions> options)
{
    private const int InitialBufferSize = 16 * 1024;

    public async Task<StoredBlob> WriteAsync(
        BlockBlobClient blob,
        Stream source,
        string contentType,
        IDictionary<string, string> metadata,
        long maxBytes,
        CancellationToken cancellationToken)
    {
        var blockSize = options.Value.BlockSizeBytes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var blockIds = new List<string>();
        long total = 0;
        var filled = 0;
        var capacity = Math.Min(buffer.Length, blockSize);
        try
        {
            while (true)
            {
                if (filled == capacity)
                {
                    if (capacity < blockSize)
                    {
                        buffer = Grow(buffer, filled, Math.Min(capacity * 2, blockSize));
                        capacity = Math.Min(buffer.Length, blockSize);
                    }
                    else
                    {
                        blockIds.Add(await StageAsync(blob, blockIds.Count, buffer, filled, cancellationToken));
                        filled = 0;
                    }
                }

                var read = await source.ReadAsync(buffer.AsMemory(filled, capacity - filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > maxBytes)
                {
                    throw new ResponseTooLargeException(maxBytes);
                }

                hash.AppendData(buffer, filled, read);
                filled += read;
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            metadata[BlobMetadataKeys.Sha256] = sha256;
            var headers = new BlobHttpHeaders { ContentType = contentType };
            if (blockIds.Count == 0)
            {
                using var content = new MemoryStream(buffer, 0, filled, writable: false);
                await blob.UploadAsync(
                    content,
                    new BlobUploadOptions { HttpHeaders = headers, Metadata = metadata },
                    cancellationToken);
            }
            else
            {
                if (filled > 0)
                {
                    blockIds.Add(await StageAsync(blob, blockIds.Count, buffer, filled, cancellationToken));
                }

                await blob.CommitBlockListAsync(
                    blockIds,
                    new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata },
                    cancellationToken);
            }

            return new StoredBlob(blob.Name, total, sha256);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int filled, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static async Task<string> StageAsync(BlockBlobClient blob, int index, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        // Block ids must all have the same length; a fixed-width index does that and makes a retry restage the same ids.
        var blockId = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(index.ToString("D8", CultureInfo.InvariantCulture)));
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        await blob.StageBlockAsync(blockId, content, cancellationToken: cancellationToken);
        return blockId;
    }
}
