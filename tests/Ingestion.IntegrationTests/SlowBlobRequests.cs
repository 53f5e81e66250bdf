using Azure.Core;
using Azure.Core.Pipeline;
using Request = Azure.Core.Request;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Holds the blob requests that <paramref name="matches"/> back by <see cref="Delay"/> before they go on to the real
/// storage account, as a busy account would, while <see cref="Enabled"/>; the requests themselves stay real.
/// </summary>
internal sealed class SlowBlobRequests(Func<Request, bool> matches, TimeSpan delay) : HttpPipelinePolicy
{
    private int _held;
    private int _enabled = 1;

    public TimeSpan Delay { get; } = delay;

    public bool Enabled
    {
        get => Volatile.Read(ref _enabled) != 0;
        set => Volatile.Write(ref _enabled, value ? 1 : 0);
    }

    /// <summary>How many requests were held back so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>List Blobs, as in reading a job's stored pages back.</summary>
    public static bool IsListing(Request request) =>
        request.Method == RequestMethod.Get
        && request.Uri.Query.Contains("restype=container", StringComparison.Ordinal)
        && request.Uri.Query.Contains("comp=list", StringComparison.Ordinal);

    /// <summary>A write to the grain state container, as in saving a job's state.</summary>
    public static bool IsGrainStateWrite(Request request) =>
        request.Method == RequestMethod.Put && request.Uri.Path.Contains("/grainstate/", StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Holds(message.Request))
        {
            Thread.Sleep(Delay);
        }

        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Holds(message.Request))
        {
            await Task.Delay(Delay, message.CancellationToken);
        }

        await ProcessNextAsync(message, pipeline);
    }

    private bool Holds(Request request)
    {
        if (!Enabled || !matches(request))
        {
            return false;
        }

        Interlocked.Increment(ref _held);
        return true;
    }
}
