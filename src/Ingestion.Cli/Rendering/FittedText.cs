using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// A table cell that keeps to one line. Given fewer cells than its text needs, it shows a shorter form of it (a URL's
/// host and the end of its path, a name's start, a compact time) instead of letting the text wrap, which in a narrow
/// column would break it a character or two per line. It tells the table the width below which shortening would say
/// too little, so that the table can leave a column out rather than squeeze it further.
/// </summary>
public sealed class FittedText : Renderable
{
    private readonly string _text;
    private readonly int _minimumWidth;
    private readonly Func<string, int, string> _shorten;
    private readonly Style _style;

    private FittedText(string text, int minimumWidth, Func<string, int, string> shorten, Style? style)
    {
        // A line break or a tab in a value (an upstream's error text, say) would break the row.
        _text = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        _minimumWidth = Math.Min(minimumWidth, Shorten.Cells(_text));
        _shorten = shorten;
        _style = style ?? Style.Plain;
    }

    /// <summary>A value that is only of use whole, such as an id or a number: its column should not narrow.</summary>
    public static FittedText Whole(string text, Style? style = null) =>
        new(text, int.MaxValue, Shorten.End, style);

    /// <summary>Text that may lose its end, such as a name or an error message.</summary>
    public static FittedText ShortenedAtEnd(string text, int minimumWidth, Style? style = null) =>
        new(text, minimumWidth, Shorten.End, style);

    /// <summary>A URL (or blob path) that keeps its host and the end of its path; see <see cref="Shorten.Url"/>.</summary>
    public static FittedText Url(string url, int minimumWidth) =>
        new(url, minimumWidth, Shorten.Url, null);

    /// <summary>A time as <see cref="Formats.Time"/> writes it, or as <see cref="Formats.CompactTime"/> when that does not fit.</summary>
    public static FittedText Time(DateTimeOffset? time)
    {
        var compact = Formats.CompactTime(time);
        return new(
            Formats.Time(time),
            Shorten.Cells(compact),
            (full, width) => Shorten.Cells(full) <= width ? full : Shorten.End(compact, width),
            null);
    }

    protected override Measurement Measure(RenderOptions options, int maxWidth) =>
        new(Math.Min(_minimumWidth, maxWidth), Math.Min(Shorten.Cells(_text), maxWidth));

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var text = _shorten(_text, maxWidth);

        // A table passes its column's alignment in the options; aligning is the cell's own job.
        var space = Math.Max(0, maxWidth - Shorten.Cells(text));
        var before = options.Justification switch
        {
            Justify.Right => space,
            Justify.Center => space / 2,
            _ => 0,
        };
        return before == 0 ? [new Segment(text, _style)] : [Segment.Padding(before), new Segment(text, _style)];
    }
}
