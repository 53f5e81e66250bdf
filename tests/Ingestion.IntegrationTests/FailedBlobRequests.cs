using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Ingestion.IntegrationTests;

/// <summary>Records every blob request that storage answered with an error status (4xx or 5xx), as traces would show it.</summary>
internal sealed class FailedBlobRequests : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _failed = new();

    /// <summary>"METHOD path?query STATUS error-code", one per failed request.</summary>
    public IReadOnlyCollection<string> All => _failed;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Record(message);
    }

    private void Record(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Status >= 400)
        {
            message.Response.Headers.TryGetValue("x-ms-error-code", out var code);
            _failed.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}{message.Request.Uri.Query} {message.Response.Status} {code}");
        }
    }
}
