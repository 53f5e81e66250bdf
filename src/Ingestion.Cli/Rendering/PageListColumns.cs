using System.Globalization;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>The columns of <c>ingest pages</c>.</summary>
public static class PageListColumns
{
    /// <summary>Room for a URL's host and the last few characters of its path, which tell one page from the next.</summary>
    private const int ShortestUrl = 20;

    /// <summary>Room for the start of an error, which usually says what kind it is.</summary>
    private const int ShortestError = 12;

    public static IReadOnlyList<ListColumn<PageRecord>> All { get; } =
    [
        new("page", page => Number(page.Page), page => FittedText.Whole(Number(page.Page))) { RightAligned = true },
        new("status", page => page.Status.ToString(), page => new Markup(Formats.StatusMarkup(page.Status))),
        new("http", page => page.HttpStatus is { } status ? Number(status) : "", page => FittedText.Whole(page.HttpStatus is { } status ? Number(status) : Formats.None))
        {
            RightAligned = true,
        },
        new("attempts", page => Number(page.Attempts), page => FittedText.Whole(Number(page.Attempts))) { RightAligned = true, DropOrder = 1 },
        new("url", page => page.Url, page => FittedText.Url(page.Url, ShortestUrl)) { Shrinks = true },
        new("error", page => page.Error ?? "", page => FittedText.ShortenedAtEnd(page.Error ?? "", ShortestError)) { Shrinks = true },
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
