using System.Buffers;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Ingestion.Fetching;
using Ingestion.PageRecords;
using Ingestion.Telemetry;
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
        CancellationToken cancellationToken,
        bool keepBody = false)
    {
        using var span = BlobTracing.StartUpload(blob);
        var blockSize = options.Value.BlockSizeBytes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var blocks = new BlockStager(blob);
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
                        await blocks.StageAsync(buffer.AsMemory(0, filled), cancellationToken);
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
            PageBlobMetadata.SetSha256(metadata, sha256);
            var headers = new BlobHttpHeaders { ContentType = contentType };
            if (blocks.Count == 0)
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
                    await blocks.StageAsync(buffer.AsMemory(0, filled), cancellationToken);
                }

                await blocks.CommitAsync(headers, cancellationToken, metadata);
            }

            span?.SetTag(IngestionTelemetry.BlobSizeTag, total);

            // A body in one block is whole in the buffer: a copy of it is what a job's records would read back.
            return new StoredBlob(blob.Name, total, sha256) { Body = keepBody && blocks.Count == 0 ? buffer.AsSpan(0, filled).ToArray() : null };
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
}
