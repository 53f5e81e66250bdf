using System.Globalization;

namespace Ingestion.Cli.Rendering;

/// <summary>Says which part of a longer list is shown.</summary>
public static class Slice
{
    /// <summary>e.g. <c>21-40 of 57 jobs</c>, <c>1 of 1 failed page</c>, <c>none of 57 jobs</c> or <c>no jobs</c>.</summary>
    /// <param name="singular">What one item is, e.g. <c>job</c> or <c>failed page</c>.</param>
    public static string Describe(int skip, int shown, int total, string singular)
    {
        var of = Plural.Count(total, singular);
        return (total, shown) switch
        {
            (0, _) => $"no {Plural.Noun(0, singular)}",
            (_, 0) => $"none of {of}",
            (_, 1) => string.Create(CultureInfo.InvariantCulture, $"{skip + 1} of {of}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{skip + 1}-{skip + shown} of {of}"),
        };
    }
}
