using System.Globalization;
using System.Text.Json;

namespace Ingestion.Pipelines;

/// <summary>
/// How far a pipeline has read its source: the largest cursor value of the records it has stored, kept as the source
/// wrote it (<see cref="Text"/>) so that it goes back into the source's URLs in the source's own format.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.Watermark")]
public sealed record Watermark(
    [property: Id(0)] WatermarkKind Kind,
    [property: Id(1)] string Text) : IComparable<Watermark>
{
    /// <summary>
    /// The watermark a cursor value stands for, or null if it cannot be one (null, an object, an array, a boolean, or not
    /// of the <paramref name="declared"/> kind). Undeclared, a string that reads as an ISO-8601 date-time with an offset
    /// is a time, a number a number, any other string a string.
    /// </summary>
    public static Watermark? From(JsonElement value, WatermarkKind? declared = null)
    {
        var found = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out _) => new Watermark(WatermarkKind.Number, value.GetRawText()),
            JsonValueKind.String => Parse(value.GetString()!),
            _ => null,
        };

        return declared is { } kind && found?.Kind != kind
            ? kind == WatermarkKind.String && found is { Kind: WatermarkKind.Time } time ? time with { Kind = WatermarkKind.String } : null
            : found;
    }

    /// <summary>
    /// The watermark a header's text stands for, or null if it cannot be one of the <paramref name="declared"/> kind.
    /// Undeclared, a date-time with an offset is a time, a decimal number a number, anything else a string.
    /// </summary>
    public static Watermark? FromText(string text, WatermarkKind? declared = null)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var isNumber = decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return declared switch
        {
            WatermarkKind.Number => isNumber ? new Watermark(WatermarkKind.Number, trimmed) : null,
            WatermarkKind.Time => Iso8601Instant.TryParse(trimmed, out _) ? new Watermark(WatermarkKind.Time, trimmed) : null,
            WatermarkKind.String => new Watermark(WatermarkKind.String, trimmed),
            _ when Iso8601Instant.TryParse(trimmed, out _) => new Watermark(WatermarkKind.Time, trimmed),
            _ => isNumber ? new Watermark(WatermarkKind.Number, trimmed) : new Watermark(WatermarkKind.String, trimmed),
        };
    }

    /// <summary>An instant as a time watermark, to the second (rounded down, so that nothing in the second is passed over).</summary>
    public static Watermark AtSecond(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var second = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return new Watermark(WatermarkKind.Time, second.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>The watermark a text stands for, inferred as <see cref="From"/> does for a JSON string.</summary>
    public static Watermark Parse(string text) =>
        Iso8601Instant.TryParse(text, out _) ? new Watermark(WatermarkKind.Time, text) : new Watermark(WatermarkKind.String, text);

    /// <summary>
    /// Moved back by <paramref name="lookback"/> for a source that updates late: a time goes back that long (written in
    /// ISO-8601 with its offset kept), a number or a string stays where it is.
    /// </summary>
    public Watermark Minus(TimeSpan lookback)
    {
        if (Kind != WatermarkKind.Time || lookback <= TimeSpan.Zero || !Iso8601Instant.TryParse(Text, out var instant))
        {
            return this;
        }

        var earlier = instant - lookback;
        var text = earlier.Offset == TimeSpan.Zero && Text.EndsWith('Z')
            ? earlier.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : earlier.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        return this with { Text = text };
    }

    /// <summary>The value as it goes into a URL: escaped as a query or path value.</summary>
    public string ForUrl() => Uri.EscapeDataString(Text);

    /// <summary>Orders watermarks of one kind; of different kinds, by kind (which a pipeline reports as a warning).</summary>
    public int CompareTo(Watermark? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Kind != other.Kind)
        {
            return Kind.CompareTo(other.Kind);
        }

        return Kind switch
        {
            WatermarkKind.Time when Iso8601Instant.TryParse(Text, out var mine) && Iso8601Instant.TryParse(other.Text, out var theirs) => mine.CompareTo(theirs),
            WatermarkKind.Number => decimal.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(other.Text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => string.CompareOrdinal(Text, other.Text),
        };
    }

    public static bool operator <(Watermark? left, Watermark? right) => Compare(left, right) < 0;

    public static bool operator <=(Watermark? left, Watermark? right) => Compare(left, right) <= 0;

    public static bool operator >(Watermark? left, Watermark? right) => Compare(left, right) > 0;

    public static bool operator >=(Watermark? left, Watermark? right) => Compare(left, right) >= 0;

    public static Watermark? Max(Watermark? a, Watermark? b) => a is null ? b : b is null ? a : a.CompareTo(b) >= 0 ? a : b;

    private static int Compare(Watermark? left, Watermark? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
