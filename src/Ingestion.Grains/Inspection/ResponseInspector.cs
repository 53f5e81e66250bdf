using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.Inspection;

/// <summary>
/// Reads from one response what the job asked for: the next page (Link header, a URL or a cursor in the body), the
/// stated total, or whether the page is past the end of an open range.
/// </summary>
public static class ResponseInspector
{
    /// <summary>
    /// Inspects a successful response. <paramref name="body"/> is the whole body when <see cref="PageInspection.NeedsBody"/>,
    /// otherwise null (only headers are read). <paramref name="pageUrl"/> is the URL the response came from, against
    /// which relative links resolve and to which a cursor is added.
    /// </summary>
    public static PageFindings Inspect(
        PageInspection inspect, int page, Uri pageUrl, HttpResponseHeaders headers, ReadOnlyMemory<byte>? body)
    {
        var problems = new List<string>();
        JsonDocument? document = null;
        try
        {
            if (body is { } bytes && inspect.NeedsBody && !IsBlank(bytes.Span))
            {
                try
                {
                    document = JsonDocument.Parse(bytes);
                }
                catch (JsonException exception)
                {
                    problems.Add($"The body is not JSON ({exception.Message}).");
                }
            }

            if (inspect.MayBePastEnd && body is { } content && WhyPastEnd(inspect.StopWhenEmpty, content.Span, document) is { } why)
            {
                return new PageFindings { Page = page, PastEnd = true, PastEndBecause = why };
            }

            var (nextUrl, cursor) = inspect.Next is { } next ? FindNext(next, pageUrl, headers, document, problems) : (null, null);
            var total = inspect.Total is { } totalSpec ? FindTotal(totalSpec, headers, document, problems) : null;
            var last = inspect.Total?.LinkLast == true ? LinkHeader.Find(LinkValues(headers), "last", pageUrl)?.AbsoluteUri : null;
            if (inspect.Total?.LinkLast == true && last is null)
            {
                problems.Add("The response has no Link header with rel=\"last\".");
            }

            return new PageFindings
            {
                Page = page,
                NextUrl = nextUrl,
                Cursor = cursor,
                Total = total,
                LastUrl = last,
                Problem = problems.Count == 0 ? null : string.Join(" ", problems),
            };
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>What a 404 or 410 means for an inspected page: past the end of an open range, or nothing special.</summary>
    public static PageFindings? ForMissingPage(PageInspection inspect, int page, int httpStatus) =>
        inspect.MayBePastEnd
            ? new PageFindings { Page = page, PastEnd = true, PastEndBecause = $"HTTP {httpStatus.ToString(CultureInfo.InvariantCulture)}" }
            : null;

    /// <summary>Why the body says the page is past the end, in words for the job's end reason; null when it is a page.</summary>
    private static string? WhyPastEnd(string? itemsPointer, ReadOnlySpan<byte> body, JsonDocument? document)
    {
        if (IsBlank(body))
        {
            return "an empty body";
        }

        if (document is null)
        {
            // Not JSON: a page with content. Only an empty one ends the range.
            return null;
        }

        if (itemsPointer is null)
        {
            return document.RootElement is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() == 0 ? "an empty array" : null;
        }

        return JsonPointer.Evaluate(document.RootElement, itemsPointer) switch
        {
            null => $"nothing at {itemsPointer}",
            { ValueKind: JsonValueKind.Null } => $"null at {itemsPointer}",
            { ValueKind: JsonValueKind.Array } items when items.GetArrayLength() == 0 => $"no items at {itemsPointer}",
            _ => null,
        };
    }

    private static (string? NextUrl, string? Cursor) FindNext(
        NextSpec next, Uri pageUrl, HttpResponseHeaders headers, JsonDocument? document, List<string> problems)
    {
        if (next.LinkHeader)
        {
            return (LinkHeader.Find(LinkValues(headers), "next", pageUrl)?.AbsoluteUri, null);
        }

        if (next.JsonPointer is { } urlPointer)
        {
            switch (document is null ? null : JsonPointer.Evaluate(document.RootElement, urlPointer))
            {
                case null or { ValueKind: JsonValueKind.Null }:
                    return (null, null);
                case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 0 } link:
                    if (Uri.TryCreate(pageUrl, link, out var resolved))
                    {
                        return (resolved.AbsoluteUri, null);
                    }

                    problems.Add($"The next link at {urlPointer} is not a URL.");
                    return (null, null);
                case { ValueKind: JsonValueKind.String }:
                    return (null, null);
                default:
                    problems.Add($"The value at {urlPointer} is not a string.");
                    return (null, null);
            }
        }

        if (next.CursorPointer is { } cursorPointer && next.CursorParam is { } parameter)
        {
            var cursor = (document is null ? null : JsonPointer.Evaluate(document.RootElement, cursorPointer)) switch
            {
                { ValueKind: JsonValueKind.String } text => text.GetString(),
                { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
                null or { ValueKind: JsonValueKind.Null } => null,
                _ => Problem(problems, $"The value at {cursorPointer} is neither a string nor a number."),
            };
            return string.IsNullOrEmpty(cursor) ? (null, null) : (QueryParameters.Set(pageUrl, parameter, cursor).AbsoluteUri, cursor);
        }

        return (null, null);
    }

    private static long? FindTotal(TotalSpec total, HttpResponseHeaders headers, JsonDocument? document, List<string> problems)
    {
        if (total.Header is { } header)
        {
            if (headers.TryGetValues(header, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var stated))
            {
                return stated;
            }

            problems.Add($"The response has no whole number in its {header} header.");
            return null;
        }

        if (total.JsonPointer is { } pointer)
        {
            var element = document is null ? null : JsonPointer.Evaluate(document.RootElement, pointer);
            if (element is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var value) && value >= 0)
            {
                return value;
            }

            if (element is { ValueKind: JsonValueKind.String } text
                && long.TryParse(text.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            problems.Add($"The body has no whole number at {pointer}.");
        }

        return null;
    }

    private static IEnumerable<string> LinkValues(HttpResponseHeaders headers) =>
        headers.TryGetValues("Link", out var values) ? values : [];

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    private static string? Problem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }
}
