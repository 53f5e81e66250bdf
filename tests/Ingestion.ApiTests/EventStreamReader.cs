using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Ingestion.ApiTests;

/// <summary>Reads a <c>text/event-stream</c> response as a browser's EventSource would, with System.Net's SSE parser.</summary>
public static class EventStreamReader
{
    /// <summary>Sends the request for an event stream; the answer's headers have arrived, its body has not been read.</summary>
    public static Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Every event of the stream until the server closes it; fails when that takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<ReceivedEvent>> ReadToEndAsync(HttpResponseMessage response, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        var events = new List<ReceivedEvent>();
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(deadline.Token))
        {
            events.Add(new ReceivedEvent(item.EventType, item.EventId ?? "", item.Data, clock.Elapsed));
        }

        return events;
    }
}
