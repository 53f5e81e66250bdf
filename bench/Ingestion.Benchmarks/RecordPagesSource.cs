using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Ingestion.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Benchmarks;

/// <summary>
/// An upstream that serves a table of records a page at a time, with no delay: <c>GET /records/{page}?days=N</c>
/// answers <c>{ "items": [...] }</c> with <see cref="PerPage"/> records, each
/// <c>{ "id", "created_at", "amount", "paid", "customer": { "id", "name", "tier" } }</c>, all of it a function of the page
/// number. Ids run from 1 in page order, so they are unique across pages; <c>created_at</c> cycles through
/// <c>days</c> days from 2024-01-01 by id, so that every page of at least <c>days</c> records touches every day.
/// Bound to 127.0.0.1.
/// </summary>
public sealed class RecordPagesSource : IAsyncDisposable
{
    public const int PerPage = 100;

    private static readonly DateTimeOffset FirstDay = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Tiers = ["bronze", "silver", "gold"];

    private readonly WebApplication _app;

    private RecordPagesSource(WebApplication app) => _app = app;

    public static async Task<RecordPagesSource> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackServer.CreateBuilder(IPAddress.Loopback).Build();
        var source = new RecordPagesSource(app);
        app.UseRouting();
        app.MapGet("/records/{page:int}", (HttpContext context, int page, int days) => PageAsync(context, page, days));
        await app.StartAsync(cancellationToken);
        return source;
    }

    /// <summary>The URL template of a range job over pages whose records spread over <paramref name="days"/> days.</summary>
    public string UrlTemplate(int days) =>
        string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{LoopbackServer.PortOf(_app)}/records/{{page}}?days={days}");

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task PageAsync(HttpContext context, int page, int days)
    {
        if (page < 1 || days < 1)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Written whole before it is sent, so that the answer has a Content-Length as a real API's would.
        var body = new ArrayBufferWriter<byte>(PerPage * 160);
        using (var json = new Utf8JsonWriter(body))
        {
            WritePage(json, page, days);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    private static void WritePage(Utf8JsonWriter json, int page, int days)
    {
        json.WriteStartObject();
        json.WriteStartArray("items");
        for (var i = 0; i < PerPage; i++)
        {
            var id = ((long)(page - 1) * PerPage) + i + 1;
            json.WriteStartObject();
            json.WriteNumber("id", id);

            // A time of day that moves with the id (7,919 is prime to 86,400, so the seconds do not repeat in a cycle).
            var createdAt = FirstDay.AddDays(id % days).AddSeconds(id * 7_919 % 86_400);
            json.WriteString("created_at", createdAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

            // Always a fraction, so that the column is inferred as a double from the first page on, never widened.
            json.WriteNumber("amount", (id * 37 % 10_000) + 0.25);
            json.WriteBoolean("paid", id % 3 != 0);
            json.WriteStartObject("customer");
            json.WriteNumber("id", id % 5_000);
            json.WriteString("name", string.Create(CultureInfo.InvariantCulture, $"customer {id % 5_000}"));
            json.WriteString("tier", Tiers[id % Tiers.Length]);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
