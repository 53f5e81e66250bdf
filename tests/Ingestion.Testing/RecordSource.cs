using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Testing;

/// <summary>
/// A source of records a page at a time, as a data engineer's REST API serves them: <c>GET /orders/{page}</c> answers
/// <c>{ "items": [...] }</c> with <see cref="PerPage"/> records, each
/// <c>{ "id", "created_at", "amount", "paid", "customer": { ... } }</c>, ids from 1 in page order, spread over
/// <see cref="Days"/> days of June 2024 by id. Records of pages from <see cref="NoteFromPage"/> on also have a
/// <c>note</c>; a page in <see cref="NotJson"/> answers HTML, one in <see cref="NoItems"/> has no <c>items</c>.
/// Bound to 127.0.0.1.
/// </summary>
public sealed class RecordSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, int> _requests = new();

    private RecordSource(WebApplication app, int perPage, int days)
    {
        _app = app;
        PerPage = perPage;
        Days = days;
    }

    public int PerPage { get; }

    public int Days { get; }

    /// <summary>How long each answer waits before it is sent, so that a job takes a while.</summary>
    public TimeSpan Delay { get; set; }

    public int? NoteFromPage { get; set; }

    /// <summary>From this page on, <c>amount</c> is text (<c>"n/a"</c>) instead of a number.</summary>
    public int? AmountAsTextFromPage { get; set; }

    public HashSet<int> NotJson { get; } = [];

    public HashSet<int> NoItems { get; } = [];

    /// <summary>Pages that always answer 500.</summary>
    public HashSet<int> Failing { get; } = [];

    /// <summary>The URL template of a range job over the pages.</summary>
    public string UrlTemplate => $"http://127.0.0.1:{LoopbackServer.PortOf(_app)}/orders/{{page}}";

    public static async Task<RecordSource> StartAsync(int perPage, int days, CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback).Build();
        var source = new RecordSource(app, perPage, days);
        app.UseRouting();
        app.MapGet("/orders/{page:int}", source.Page);
        await app.StartAsync(cancellationToken);
        return source;
    }

    /// <summary>The ids of page <paramref name="page"/>'s records.</summary>
    public IEnumerable<long> IdsOf(int page) => Enumerable.Range(0, PerPage).Select(i => ((long)(page - 1) * PerPage) + i + 1);

    /// <summary>The day (2024-06-dd) a record is created on.</summary>
    public string DayOf(long id) => $"2024-06-{1 + (id % Days):D2}";

    public int RequestCount(int page) => _requests.GetValueOrDefault(page);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task Page(HttpContext context, int page)
    {
        _requests.AddOrUpdate(page, 1, (_, count) => count + 1);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (Failing.Contains(page))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (NotJson.Contains(page))
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Service busy</body></html>", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray(NoItems.Contains(page) ? "data" : "items");
        foreach (var id in IdsOf(page))
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("created_at", $"{DayOf(id)}T{id % 24:D2}:{id % 60:D2}:00Z");
            if (page >= AmountAsTextFromPage)
            {
                json.WriteString("amount", "n/a");
            }
            else
            {
                json.WriteNumber("amount", (id % 1000) + 0.25);
            }

            json.WriteBoolean("paid", id % 2 == 0);
            json.WriteStartObject("customer");
            json.WriteString("name", string.Create(CultureInfo.InvariantCulture, $"customer {id % 97}"));
            json.WriteNumber("tier", id % 3);
            json.WriteEndObject();
            if (page >= NoteFromPage)
            {
                json.WriteString("note", string.Create(CultureInfo.InvariantCulture, $"note {id}"));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
