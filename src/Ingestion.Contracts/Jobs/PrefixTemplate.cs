using System.Globalization;
using System.Text;

namespace Ingestion.Jobs;

/// <summary>
/// Placeholders in a destination prefix, expanded once when the job starts: <c>{jobId}</c>, and the job's creation time
/// in UTC as <c>{date}</c> (<c>yyyy-MM-dd</c>), <c>{time}</c> (<c>HHmmss</c>), or with a format of their own such as
/// <c>{date:yyyy/MM/dd}</c> or <c>{time:HHmm}</c>.
/// </summary>
public static class PrefixTemplate
{
    public const string JobId = "jobId";
    public const string Date = "date";
    public const string Time = "time";
    public const string DefaultDateFormat = "yyyy-MM-dd";
    public const string DefaultTimeFormat = "HHmmss";

    /// <summary>The placeholders as a user writes them, for messages.</summary>
    public const string Known = "{jobId}, {date}, {date:yyyy/MM/dd}, {time}, {time:HHmm}";

    // Separators a format may hold between its fields; anything else could make a name Azure or a reader would trip on.
    private const string Separators = "-_/.";

    /// <summary>What is wrong with the template's placeholders, or null when every one is known and well formed.</summary>
    public static string? ProblemWith(string template)
    {
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = template.IndexOf('}', position);
            if (open < 0 && close < 0)
            {
                return null;
            }

            if (close >= 0 && (open < 0 || close < open))
            {
                return $"Has a '}}' with no '{{' before it (at {close}); braces may only enclose a placeholder: {Known}.";
            }

            var end = template.IndexOf('}', open);
            if (end < 0)
            {
                return $"Has a '{{' that is never closed (at {open}); placeholders are {Known}.";
            }

            if (ProblemWithPlaceholder(template[(open + 1)..end]) is { } problem)
            {
                return problem;
            }

            position = end + 1;
        }

        return null;
    }

    /// <summary>Whether the template has any placeholder at all.</summary>
    public static bool HasPlaceholders(string template) => template.Contains('{', StringComparison.Ordinal);

    /// <summary>The prefix with every placeholder replaced; the template must be free of problems.</summary>
    public static string Expand(string template, Guid jobId, DateTimeOffset createdAt)
    {
        if (!HasPlaceholders(template))
        {
            return template;
        }

        var utc = createdAt.UtcDateTime;
        var expanded = new StringBuilder(template.Length + 32);
        var position = 0;
        while (template.IndexOf('{', position) is var open and >= 0)
        {
            var end = template.IndexOf('}', open);
            expanded.Append(template, position, open - position);
            var (name, format) = Split(template[(open + 1)..end]);
            expanded.Append(name switch
            {
                JobId => jobId.ToString("D"),
                Date => Format(utc, format ?? DefaultDateFormat),
                Time => Format(utc, format ?? DefaultTimeFormat),
                _ => throw new ArgumentException($"Unknown placeholder {{{name}}}.", nameof(template)),
            });
            position = end + 1;
        }

        expanded.Append(template, position, template.Length - position);
        return expanded.ToString();
    }

    private static string? ProblemWithPlaceholder(string placeholder)
    {
        var (name, format) = Split(placeholder);
        return name switch
        {
            JobId when format is null => null,
            JobId => "{jobId} takes no format.",
            Date => format is null ? null : ProblemWithFormat(format, "yMd", "{date:yyyy/MM/dd}"),
            Time => format is null ? null : ProblemWithFormat(format, "Hms", "{time:HHmm}"),
            _ => $"Unknown placeholder {{{placeholder}}}{Suggestion(name)}; placeholders are {Known}.",
        };
    }

    /// <summary>
    /// A format is fields of the given letters (years of 2 or 4 letters, the others of 1 or 2) with separators between
    /// them: enough for every layout of dates and times in paths, and nothing that spells out names of months or days.
    /// </summary>
    private static string? ProblemWithFormat(string format, string letters, string example)
    {
        if (format.Length == 0)
        {
            return $"A format after ':' must not be empty, e.g. {example}.";
        }

        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            var valid = letters.Contains(c, StringComparison.Ordinal)
                ? (c == 'y' ? run is 2 or 4 : run is 1 or 2)
                : Separators.Contains(c, StringComparison.Ordinal) && run == 1;
            if (!valid)
            {
                return $"The format '{format}' is not one this prefix takes: use {string.Join(", ", letters.Select(l => l == 'y' ? "yyyy or yy" : $"{l}{l}"))} with single '-', '_', '/' or '.' between them, e.g. {example}.";
            }

            i += run;
        }

        return null;
    }

    // A format of one letter ("d") would be read as a standard format (a whole short date); '%' makes it a custom one.
    private static string Format(DateTime utc, string format) =>
        utc.ToString(format.Length == 1 ? "%" + format : format, CultureInfo.InvariantCulture);

    private static (string Name, string? Format) Split(string placeholder)
    {
        var colon = placeholder.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (placeholder, null) : (placeholder[..colon], placeholder[(colon + 1)..]);
    }

    private static string Suggestion(string name)
    {
        // The names a user reaches for first.
        var guess = name.ToLowerInvariant() switch
        {
            "id" or "job" or "jobid" or "job_id" or "job-id" or "uuid" or "guid" => JobId,
            "day" or "today" or "yyyy-mm-dd" or "dt" => Date,
            "hour" or "now" or "timestamp" or "datetime" => Time,
            _ => null,
        };
        return guess is null || guess == name ? "" : $" (did you mean {{{guess}}}?)";
    }
}
