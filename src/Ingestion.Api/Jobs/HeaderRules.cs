namespace Ingestion.Api.Jobs;

/// <summary>Which request headers a job may set, and what their names and values may hold.</summary>
internal static class HeaderRules
{
    // Set by the HTTP stack itself, or meaningless on a GET without a body.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Upgrade", "Keep-Alive", "TE", "Trailer",
        "Proxy-Connection", "Expect",
    };

    public static string? ProblemWithName(string name)
    {
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            return "Is not a valid header name.";
        }

        if (Reserved.Contains(name))
        {
            return $"The {name} header is set by the service and cannot be given.";
        }

        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            return "Content headers do not apply: pages are fetched with GET and no body.";
        }

        return null;
    }

    public static string? ProblemWithValue(string value) =>
        value.Any(c => c is '\r' or '\n' or '\0' || (char.IsControl(c) && c != '\t') || c > 0x7E)
            ? "Must hold only printable ASCII characters (no line breaks)."
            : null;

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
