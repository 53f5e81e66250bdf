using Azure.Core;
using Azure.Core.Pipeline;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Holds every List Blobs request back by <see cref="Delay"/> before it goes to the real storage account, as a busy
/// account with a very large container would: the listing itself, and everything else, stays real.
/// </summary>
internal sealed class SlowBlobListings(TimeSpan delay) : HttpPipelinePolicy
{
    private int _listings;

    public TimeSpan Delay { get; } = delay;

    /// <summary>How many listings went through so far.</summary>
    public int Listings => Volatile.Read(ref _listings);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (IsListing(message.Request))
        {
            Interlocked.Increment(ref _listings);
            Thread.Sleep(Delay);
        }

        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (IsListing(message.Request))
        {
            Interlocked.Increment(ref _listings);
            await Task.Delay(Delay, message.CancellationToken);
        }

        await ProcessNextAsync(message, pipeline);
    }

    private static bool IsListing(Azure.Core.Request request) =>
        request.Method == RequestMethod.Get
        && request.Uri.Query.Contains("restype=container", StringComparison.Ordinal)
        && request.Uri.Query.Contains("comp=list", StringComparison.Ordinal);
}
