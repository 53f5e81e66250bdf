using System.Globalization;
using System.Text;

namespace Ingestion.Politeness.Robots;

/// <summary>
/// One Allow or Disallow line of a robots.txt group, matched as RFC 9309 says: from the start of the URL's path (and
/// query), case-sensitively, <c>*</c> standing for any characters and a final <c>$</c> for the end of the path; both
/// sides compared in one percent-encoding (unreserved characters decoded, everything else and non-ASCII encoded).
/// </summary>
public sealed class RobotsPathRule
{
    private readonly string _pattern;
    private readonly bool _anchored;

    public RobotsPathRule(bool allow, string value)
    {
        Allow = allow;
        Value = value;
        var normalized = Normalize(value);
        _anchored = normalized.EndsWith('$');
        _pattern = _anchored ? normalized[..^1] : normalized;
        Specificity = normalized.Length;
    }

    public bool Allow { get; }

    /// <summary>The path pattern as the file wrote it.</summary>
    public string Value { get; }

    /// <summary>How specific the rule is (its length in octets): the most specific matching rule decides.</summary>
    public int Specificity { get; }

    /// <summary>Whether the rule applies to <paramref name="path"/>, a path (and query) normalized by <see cref="Normalize"/>.</summary>
    public bool Matches(string path)
    {
        // Wildcard matching with backtracking to the last '*': linear in practice, at worst pattern × path.
        int p = 0, s = 0, star = -1, starAt = 0;
        while (true)
        {
            if (p == _pattern.Length && (!_anchored || s == path.Length))
            {
                return true;
            }

            if (p < _pattern.Length && _pattern[p] == '*')
            {
                star = p++;
                starAt = s;
                continue;
            }

            if (p < _pattern.Length && s < path.Length && _pattern[p] == path[s])
            {
                p++;
                s++;
                continue;
            }

            if (star >= 0 && starAt < path.Length)
            {
                p = star + 1;
                s = ++starAt;
                continue;
            }

            return false;
        }
    }

    public override string ToString() => $"{(Allow ? "Allow" : "Disallow")}: {Value}";

    /// <summary>
    /// One spelling for paths and patterns: percent-encoded unreserved characters decoded, other escapes in upper case,
    /// and characters outside ASCII percent-encoded as UTF-8.
    /// </summary>
    public static string Normalize(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var octet))
            {
                if (IsUnreserved((char)octet))
                {
                    builder.Append((char)octet);
                }
                else
                {
                    builder.Append('%').Append(octet.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += 2;
            }
            else if (c > 0x7F)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(value.AsSpan(i, length), utf8);
                foreach (var b in utf8[..written])
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
