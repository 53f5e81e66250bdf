using System.Text.Json;
using Ingestion.Inspection;

namespace Ingestion.Records;

/// <summary>
/// The records of one stored page: the array at the records' pointer in its body, or why the page has none to give
/// (its body is not JSON, or holds no array there). Either way the raw page stays stored.
/// </summary>
public sealed class PageRecordsContent : IDisposable
{
    private readonly JsonDocument? _document;

    private PageRecordsContent(int page, DateTimeOffset? fetchedAt, JsonDocument? document, JsonElement? records, string? error)
    {
        Page = page;
        FetchedAt = fetchedAt;
        _document = document;
        Records = records;
        Error = error;
    }

    public int Page { get; }

    /// <summary>When the page's content was fetched: the lineage's <c>_fetched_at</c>.</summary>
    public DateTimeOffset? FetchedAt { get; }

    /// <summary>The array of records; null when <see cref="Error"/> says why there is none.</summary>
    public JsonElement? Records { get; }

    public string? Error { get; }

    public int Count => Records?.GetArrayLength() ?? 0;

    /// <summary>Reads the records of page <paramref name="page"/> from its <paramref name="body"/>, at the JSON Pointer <paramref name="recordsAt"/>.</summary>
    public static PageRecordsContent Read(int page, DateTimeOffset? fetchedAt, ReadOnlyMemory<byte> body, string recordsAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException exception)
        {
            return new PageRecordsContent(page, fetchedAt, null, null, $"The page is not JSON ({exception.Message})");
        }

        var at = recordsAt.Length == 0 ? "the top level" : recordsAt;
        var found = JsonPointer.Evaluate(document.RootElement, recordsAt);
        if (found is not { } records)
        {
            document.Dispose();
            return new PageRecordsContent(page, fetchedAt, null, null, $"The page has nothing at {at}.");
        }

        if (records.ValueKind != JsonValueKind.Array)
        {
            var error = $"The page holds {KindOf(records)} at {at}, not an array of records.";
            document.Dispose();
            return new PageRecordsContent(page, fetchedAt, null, null, error);
        }

        return new PageRecordsContent(page, fetchedAt, document, records, null);
    }

    /// <summary>A page whose records cannot be read for <paramref name="error"/>, its body aside.</summary>
    public static PageRecordsContent Unreadable(int page, string error) => new(page, null, null, null, error);

    public void Dispose() => _document?.Dispose();

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
