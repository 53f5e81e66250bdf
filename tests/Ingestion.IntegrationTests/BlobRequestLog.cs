using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Ingestion.IntegrationTests;

/// <summary>Records every blob request that got an answer, to count what a path costs in storage requests.</summary>
internal sealed class BlobRequestLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>"METHOD path?query", one per request, in the order they were answered.</summary>
    public IReadOnlyCollection<string> All => _requests;

    public override void OnReceivedResponse(HttpMessage message) =>
        _requests.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}{message.Request.Uri.Query}");
}
