using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ingestion.Testing;

/// <summary>The JSON bodies <see cref="PaginatedApi"/> answers with, one shape per pagination style.</summary>
internal static class PaginatedApiBodies
{
    // Relaxed escaping keeps the '&' in URLs readable in logs; the output is still valid JSON.
    private static readonly JsonWriterOptions WriterOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>[{"id":1,...},...]</c></summary>
    public static byte[] BareArray(PaginatedApiItemRange items) =>
        Write(json => PaginatedApiDataset.WriteItems(json, items));

    /// <summary><c>{"items":[...],"total":…,"total_pages":…,"page":…,"next":…}</c></summary>
    public static byte[] ItemsObject(PaginatedApiItemRange items, int total, int totalPages, long page, string? next) =>
        Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("items");
            PaginatedApiDataset.WriteItems(json, items);
            json.WriteNumber("total", total);
            json.WriteNumber("total_pages", totalPages);
            json.WriteNumber("page", page);
            json.WriteString("next", next);
            json.WriteEndObject();
        });

    /// <summary><c>{"data":[...],"next":…}</c></summary>
    public static byte[] DataWithNext(PaginatedApiItemRange items, string? next) =>
        Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            PaginatedApiDataset.WriteItems(json, items);
            json.WriteString("next", next);
            json.WriteEndObject();
        });

    /// <summary><c>{"data":[...],"meta":{"cursor":…}}</c></summary>
    public static byte[] DataWithCursor(PaginatedApiItemRange items, string? cursor) =>
        Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            PaginatedApiDataset.WriteItems(json, items);
            json.WriteStartObject("meta");
            json.WriteString("cursor", cursor);
            json.WriteEndObject();
            json.WriteEndObject();
        });

    /// <summary><c>{"error":"…"}</c>: JSON too, so every body the server sends parses.</summary>
    public static byte[] Error(string message) =>
        Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
