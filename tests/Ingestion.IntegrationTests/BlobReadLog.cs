using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Ingestion.IntegrationTests;

/// <summary>Records every blob read (GET) that got an answer: what it asked for and how much came back, to see what a path reads.</summary>
internal sealed class BlobReadLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<BlobRead> _reads = new();

    public IReadOnlyCollection<BlobRead> All => _reads;

    /// <summary>The reads of the blob whose name ends with <paramref name="name"/>.</summary>
    public IReadOnlyList<BlobRead> Of(string name) =>
        [.. _reads.Where(read => read.Path.EndsWith(name, StringComparison.Ordinal))];

    public void Clear() => _reads.Clear();

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get)
        {
            return;
        }

        message.Request.Headers.TryGetValue("x-ms-range", out var range);
        message.Response.Headers.TryGetValue("Content-Length", out var length);
        _reads.Enqueue(new BlobRead(
            Uri.UnescapeDataString(message.Request.Uri.Path),
            range,
            message.Response.Status,
            long.TryParse(length, out var bytes) ? bytes : 0));
    }

    /// <summary>One read: the blob's path, the range asked for (null: all of it), the answer's status and its length.</summary>
    public sealed record BlobRead(string Path, string? Range, int Status, long Bytes);
}
