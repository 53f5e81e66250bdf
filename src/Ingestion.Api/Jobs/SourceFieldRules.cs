namespace Ingestion.Api.Jobs;

/// <summary>
/// What the fields that tell the service how to read a fetched page may hold: JSON pointers into its body, the names of
/// its response headers, and the query parameter that carries a cursor to the next page.
/// </summary>
internal static class SourceFieldRules
{
    public const int MaxQueryParameterNameLength = 100;

    /// <summary>An RFC 6901 pointer: empty (the whole body), or '/'-separated tokens where '~' only starts ~0 or ~1.</summary>
    public static string? ProblemWithJsonPointer(string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            return "Must be a JSON pointer (RFC 6901): \"\" for the whole body, or starting with '/', such as \"/data/items\".";
        }

        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 == pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                return "In a JSON pointer '~' must be followed by 0 or 1: write ~0 for '~' and ~1 for '/' in a name.";
            }
        }

        return null;
    }

    /// <summary>A header name to read from a response: an RFC 9110 token.</summary>
    public static string? ProblemWithHeaderName(string name) =>
        name.All(IsTokenChar)
            ? null
            : "Is not a valid header name: letters, digits and !#$%&'*+-.^_`|~ only, such as \"X-Total-Count\".";

    /// <summary>
    /// A query parameter name of RFC 3986 unreserved characters only, so that it is written into a URL as it is, and
    /// found in one, without any escaping.
    /// </summary>
    public static string? ProblemWithQueryParameterName(string name)
    {
        if (name.Length > MaxQueryParameterNameLength)
        {
            return $"Must be at most {MaxQueryParameterNameLength} characters.";
        }

        return name.All(IsUnreserved) ? null : "Must hold only letters, digits and - . _ ~ (a query parameter name such as \"cursor\").";
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c)
            || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
