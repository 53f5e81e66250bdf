using System.Text.Json;
using Ingestion.Inspection;
using Ingestion.Pipelines;

namespace Ingestion.Grains.Pipelines;

/// <summary>
/// Reads a page's records for the pipeline's watermark: the array at the records pointer (<c>""</c> for a top-level
/// array), and in each record the value at the cursor pointer. The page is read as one JSON document, which the
/// service's limit on a page's size bounds.
/// </summary>
public static class PageCursorReader
{
    public static async Task<PageCursorReading> ReadAsync(
        Stream body, string recordsPointer, string cursorPointer, WatermarkKind? declared, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            return new PageCursorReading(null, 0, 0, $"Not JSON: {exception.Message}");
        }

        using (document)
        {
            if (JsonPointer.Evaluate(document.RootElement, recordsPointer) is not { ValueKind: JsonValueKind.Array } records)
            {
                return new PageCursorReading(null, 0, 0, $"No array at '{recordsPointer}'.");
            }

            Watermark? max = null;
            var count = 0;
            var withoutCursor = 0;
            foreach (var record in records.EnumerateArray())
            {
                count++;
                var value = JsonPointer.Evaluate(record, cursorPointer) is { } found ? Watermark.From(found, declared) : null;
                if (value is null)
                {
                    withoutCursor++;
                }
                else
                {
                    max = Watermark.Max(max, value);
                }
            }

            return new PageCursorReading(max, count, withoutCursor);
        }
    }
}
