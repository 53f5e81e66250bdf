using System.Net;
using System.Net.Sockets;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Ingestion.UnitTests.Cluster;

/// <summary>
/// Storage failures as the API receives them from a grain call: thrown by the real Blob Storage SDK (against a port that
/// refuses connections, or an HTTP handler that answers a given status or never answers), wrapped as Orleans wraps a
/// failed state read where the grain's state is concerned, then carried through Orleans' serializer, which is what
/// brings a silo's exception to the client.
/// </summary>
internal static class ArrivedStorageFailures
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    /// <summary>As Orleans' state storage bridge wraps any failure that is not its own.</summary>
    public static OrleansException AsStateRead(Exception failure) => new(
        $"Error from storage provider AzureBlobGrainStorage.job during ReadStateAsync for grain ingestionjob/{Guid.NewGuid():N}", failure);

    /// <summary>The exception after the trip from the silo to the API.</summary>
    public static Exception Arrived(Exception exception) =>
        Serializer.Deserialize<Exception>(Serializer.SerializeToArray(exception)) ?? throw new InvalidOperationException("Nothing arrived.");

    /// <summary>What a read throws when nothing listens on storage's port: the SDK's retries, each refused.</summary>
    public static async Task<Exception> ConnectionRefusedAsync()
    {
        // A port that was free a moment ago and that nothing listens on now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        return await ReadAsync(new Uri($"http://127.0.0.1:{port}/devstoreaccount1"), options);
    }

    /// <summary>What a read throws when storage accepts it and never answers: every try outlasts the network timeout.</summary>
    public static Task<Exception> TimedOutAsync()
    {
        var options = Answering(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Unreachable.");
        });
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(50);
        return ReadAsync(new Uri("http://127.0.0.1/devstoreaccount1"), options);
    }

    /// <summary>What a read throws when storage answers <paramref name="status"/> with <paramref name="errorCode"/>, each time it is asked.</summary>
    public static Task<Exception> AnsweredAsync(HttpStatusCode status, string errorCode)
    {
        var options = Answering((_, _) =>
        {
            var answer = new HttpResponseMessage(status) { Content = new StringContent("") };
            answer.Headers.Add("x-ms-error-code", errorCode);
            return Task.FromResult(answer);
        });
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        return ReadAsync(new Uri("http://127.0.0.1/devstoreaccount1"), options);
    }

    private static BlobClientOptions Answering(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) =>
        new() { Transport = new HttpClientTransport(new HttpClient(new AnsweringHandler(answer))) };

    private static async Task<Exception> ReadAsync(Uri account, BlobClientOptions options)
    {
        var blob = new BlobServiceClient(account, options).GetBlobContainerClient("grainstate").GetBlobClient("job.json");
        try
        {
            await blob.DownloadContentAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception exception)
        {
            return exception;
        }

        throw new InvalidOperationException("The read did not fail.");
    }

    private sealed class AnsweringHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answer(request, cancellationToken);
    }
}
