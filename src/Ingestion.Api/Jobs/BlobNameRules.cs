namespace Ingestion.Api.Jobs;

/// <summary>Azure's rules for container and blob names, and this service's for blob prefixes.</summary>
internal static class BlobNameRules
{
    /// <summary>Azure's longest blob name.</summary>
    public const int MaxBlobNameLength = 1024;

    /// <summary>3-63 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static string? ProblemWithContainer(string name)
    {
        var valid = name.Length is >= 3 and <= 63
            && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            && name[0] != '-'
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            return "Must be 3 to 63 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
        }

        // The service's own state lives beside the data: a job may neither read nor write it.
        return IsReserved(name) ? $"'{name}' is reserved for the service's own state; choose another container." : null;
    }

    /// <summary>Orleans' grain state container, and every container named ingestion-* (the failed-page journal, say).</summary>
    private static bool IsReserved(string name) =>
        name == "grainstate" || name.StartsWith("ingestion-", StringComparison.Ordinal);

    /// <summary>A name of an existing blob: 1 to 1024 characters, none of them a control character.</summary>
    public static string? ProblemWithBlobName(string name)
    {
        if (name.Length is 0 or > MaxBlobNameLength)
        {
            return $"Must be 1 to {MaxBlobNameLength} characters.";
        }

        return name.Any(char.IsControl) ? "Must not contain control characters." : null;
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
