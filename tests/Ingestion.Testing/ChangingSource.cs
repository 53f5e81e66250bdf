using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Testing;

/// <summary>
/// A source whose records change, as a pipeline reads one: <c>GET /items?updated_since=&amp;page=&amp;limit=</c> answers
/// <c>{ "items": [...] }</c>, the records updated at or after <c>updated_since</c> (ISO-8601), oldest first, a page at a
/// time, and an empty array past the last, with the newest time on the page in <see cref="MaxUpdatedHeader"/>. Records
/// are added with <see cref="Add"/>; each is <c>{ "id", "updated_at" }</c>.
/// Bound to 127.0.0.1.
/// </summary>
public sealed class ChangingSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(int Id, DateTimeOffset UpdatedAt)> _records = [];
    private readonly Lock _gate = new();
    private int _requests;

    /// <summary>The header each non-empty page carries: its newest record's <c>updated_at</c>.</summary>
    public const string MaxUpdatedHeader = "X-Max-Updated";

    private ChangingSource(WebApplication app) => _app = app;

    /// <summary>The URL template of a pipeline's job: the watermark and the page filled in by the service.</summary>
    public string ItemsUrlTemplate(int limit) =>
        $"http://127.0.0.1:{LoopbackServer.PortOf(_app)}/items?updated_since={{watermark}}&page={{page}}&limit={limit}";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How long each answer waits before it is sent, so that a run takes a while.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<ChangingSource> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback).Build();
        var source = new ChangingSource(app);
        app.UseRouting();
        app.MapGet("/items", source.Items);
        await app.StartAsync(cancellationToken);
        return source;
    }

    /// <summary>Adds <paramref name="count"/> records updated at <paramref name="first"/>, then every <paramref name="step"/>; returns their ids.</summary>
    public IReadOnlyList<int> Add(int count, DateTimeOffset first, TimeSpan step)
    {
        lock (_gate)
        {
            var ids = new List<int>();
            for (var i = 0; i < count; i++)
            {
                var id = _records.Count + 1;
                _records.Add((id, first + (step * i)));
                ids.Add(id);
            }

            return ids;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task Items(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var query = context.Request.Query;
        if (!DateTimeOffset.TryParse(query["updated_since"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since)
            || !int.TryParse(query["page"], CultureInfo.InvariantCulture, out var page) || page < 1
            || !int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        List<(int Id, DateTimeOffset UpdatedAt)> items;
        lock (_gate)
        {
            items = [.. _records.Where(record => record.UpdatedAt >= since).OrderBy(record => record.UpdatedAt).ThenBy(record => record.Id)
                .Skip((page - 1) * limit).Take(limit)];
        }

        context.Response.ContentType = "application/json";
        if (items.Count > 0)
        {
            // The newest change on the page, as sources that page by time often say in a header.
            context.Response.Headers[MaxUpdatedHeader] = items.Max(item => item.UpdatedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var (id, updatedAt) in items)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("updated_at", updatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
