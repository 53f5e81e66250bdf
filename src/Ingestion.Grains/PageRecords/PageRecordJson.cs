using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Pages;

namespace Ingestion.PageRecords;

/// <summary>
/// A page record as JSON, wherever one is stored: a line of the failed-page journal, an entry of a manifest's page list.
/// Both are the same object (camelCase, enums by name, nulls left out), which is also the shape the API lists pages in,
/// so a downstream reader sees one page shape whichever it reads.
/// </summary>
public static class PageRecordJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A journal line, without its line break: the JSON is written on one line, so it never holds one.</summary>
    public static byte[] ToJournalLine(PageRecord page) => JsonSerializer.SerializeToUtf8Bytes(page, Options);

    /// <summary>The record a journal line holds; null for a blank line.</summary>
    public static PageRecord? FromJournalLine(string line) =>
        line.Length == 0 ? null : JsonSerializer.Deserialize<PageRecord>(line, Options);

    /// <summary>Writes <paramref name="page"/> as the next entry of the page list <paramref name="writer"/> is in.</summary>
    public static void WriteManifestEntry(Utf8JsonWriter writer, PageRecord page) => JsonSerializer.Serialize(writer, page, Options);

    /// <summary>The record of one whole manifest page entry.</summary>
    public static PageRecord ReadManifestEntry(ReadOnlySpan<byte> entry) =>
        JsonSerializer.Deserialize<PageRecord>(entry, Options) ?? throw new JsonException("A manifest page entry is null.");
}
