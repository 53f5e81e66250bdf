namespace Ingestion.Api.Jobs;

/// <summary>Azure's rules for container names, and this service's for blob prefixes.</summary>
internal static class BlobNameRules
{
    /// <summary>3-63 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static string? ProblemWithContainer(string name)
    {
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            && name[0] != '-'
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        return valid
            ? null
            : "Must be 3 to 63 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
    }

    /// <summary>A relative path of non-empty segments, without '.' or '..', backslashes or control characters.</summary>
    public static string? ProblemWithPrefix(string prefix, int maxLength)
    {
        if (prefix.Length > maxLength)
        {
            return $"Must be at most {maxLength} characters.";
        }

        if (prefix.StartsWith('/'))
        {
            return "Must be relative: no leading '/'.";
        }

        if (prefix.Contains('\\', StringComparison.Ordinal))
        {
            return "Must use '/' between segments, not '\\'.";
        }

        if (prefix.Any(char.IsControl))
        {
            return "Must not contain control characters.";
        }

        var segments = prefix.TrimEnd('/').Split('/');
        if (segments.Any(segment => segment.Length == 0))
        {
            return "Must not contain empty segments ('//').";
        }

        if (segments.Any(segment => segment is "." or ".."))
        {
            return "Must not contain '.' or '..' segments.";
        }

        return null;
    }
}
