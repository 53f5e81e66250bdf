using System.Globalization;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Shortens a value to a width in terminal cells, with an ellipsis where something was left out, so that a table cell
/// keeps to one line instead of breaking its text wherever the column happens to end.
/// </summary>
public static class Shorten
{
    public const string Ellipsis = "…";

    /// <summary>
    /// Below this, a URL's path would keep too little of its end to say which page it is, so both ends of the whole
    /// URL are kept instead.
    /// </summary>
    private const int ShortestPathEnd = 6;

    /// <summary>How many terminal cells <paramref name="text"/> takes: a wide character (CJK, most emoji) takes two.</summary>
    public static int Cells(string text) => new Segment(text).CellCount();

    /// <summary>The start of the text and an ellipsis, e.g. <c>nightly-exp…</c>.</summary>
    public static string End(string text, int width)
    {
        if (Cells(text) <= width)
        {
            return text;
        }

        return width <= 0 ? "" : Start(text, width - 1) + Ellipsis;
    }

    /// <summary>Both ends of the text around an ellipsis, e.g. <c>very-lo…com/17</c>.</summary>
    public static string Middle(string text, int width)
    {
        if (Cells(text) <= width)
        {
            return text;
        }

        if (width <= 0)
        {
            return "";
        }

        var start = Start(text, (width - 1) / 2);
        return start + Ellipsis + Tail(text, width - 1 - Cells(start));
    }

    /// <summary>
    /// A URL without its scheme, with its host whole and as much of the end of its path and query as fits, e.g.
    /// <c>api.example.com…/items?page=17</c>: the host says where, the end says which page. A blob path such as
    /// <c>container/jobs/…/manifest.json</c> shortens the same way, its container in the host's place.
    /// </summary>
    public static string Url(string url, int width)
    {
        if (Cells(url) <= width)
        {
            return url;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var address = scheme >= 0 ? url[(scheme + 3)..] : url;
        if (Cells(address) <= width)
        {
            return address;
        }

        var pathStart = address.IndexOfAny(['/', '?', '#']);
        if (pathStart < 0)
        {
            return Middle(address, width);
        }

        var host = address[..pathStart];
        var pathWidth = width - Cells(host) - 1;
        return pathWidth < ShortestPathEnd
            ? Middle(address, width)
            : host + Ellipsis + Tail(address[pathStart..], pathWidth);
    }

    /// <summary>The longest start of the text that fits in <paramref name="width"/> cells, whole characters only.</summary>
    private static string Start(string text, int width)
    {
        var elements = TextElements(text);
        var used = 0;
        var length = 0;
        foreach (var element in elements)
        {
            var cells = Cells(element);
            if (used + cells > width)
            {
                break;
            }

            used += cells;
            length += element.Length;
        }

        return text[..length];
    }

    /// <summary>The longest end of the text that fits in <paramref name="width"/> cells, whole characters only.</summary>
    private static string Tail(string text, int width)
    {
        var elements = TextElements(text);
        var used = 0;
        var length = 0;
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var cells = Cells(elements[i]);
            if (used + cells > width)
            {
                break;
            }

            used += cells;
            length += elements[i].Length;
        }

        return text[^length..];
    }

    /// <summary>
    /// The characters as a reader sees them: a letter with its combining accents, or an emoji made of several code
    /// points, is one element, never cut in two.
    /// </summary>
    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }
}
