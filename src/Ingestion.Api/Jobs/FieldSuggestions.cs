namespace Ingestion.Api.Jobs;

/// <summary>
/// The known field a mistyped one most likely meant: the same name in another case, the one name it is the start of,
/// or the nearest by edit distance
/// (letters added, dropped, changed or swapped) within a bound that grows with the name's length, so that
/// <c>concurency</c> finds <c>concurrency</c> but <c>url</c> does not find <c>urls</c>'s unrelated neighbours.
/// </summary>
internal static class FieldSuggestions
{
    public static string? Closest(string given, IReadOnlyCollection<string> known)
    {
        if (known.FirstOrDefault(name => string.Equals(name, given, StringComparison.OrdinalIgnoreCase)) is { } sameButCase)
        {
            return sameButCase;
        }

        // A name cut short (requestTimeout for requestTimeoutSeconds) is far from the whole by edits, but plain to see.
        var extended = known.Where(name => given.Length >= 4 && name.StartsWith(given, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        if (extended.Count == 1)
        {
            return extended[0];
        }

        var lowered = given.ToLowerInvariant();
        var best = known
            .Select(name => (Name: name, Distance: Distance(lowered, name.ToLowerInvariant())))
            .Where(candidate => candidate.Distance <= MaxDistance(Math.Max(given.Length, candidate.Name.Length)))
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Take(2)
            .ToList();

        // Two names equally near: no guess is better than a wrong one.
        return best.Count switch
        {
            0 => null,
            1 => best[0].Name,
            _ => best[0].Distance < best[1].Distance ? best[0].Name : null,
        };
    }

    /// <summary>Short names allow one slip, longer ones two, long ones three.</summary>
    private static int MaxDistance(int length) => length switch
    {
        <= 4 => 1,
        <= 10 => 2,
        _ => 3,
    };

    /// <summary>The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        var previousRow = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        var beforeRow = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            (beforeRow, previousRow, row) = (previousRow, row, beforeRow);
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                row[j] = Math.Min(Math.Min(previousRow[j] + 1, row[j - 1] + 1), previousRow[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    row[j] = Math.Min(row[j], beforeRow[j - 2] + 1);
                }
            }
        }

        return row[b.Length];
    }
}
