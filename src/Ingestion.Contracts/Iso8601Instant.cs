using System.Globalization;

namespace Ingestion;

/// <summary>
/// The one rule for a text that stands for an instant: an ISO-8601 date-time with an offset (<c>Z</c> or <c>±hh:mm</c>),
/// its date and time apart by <c>T</c> (or a space, as RFC 3339 allows). Without an offset a time is read in no zone in
/// particular, so it is no instant. Watermarks compare by it, and record files type and partition by it.
/// </summary>
public static class Iso8601Instant
{
    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        return text.Length >= 20
            && text[10] is 'T' or 't' or ' '
            && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out instant);
    }
}
