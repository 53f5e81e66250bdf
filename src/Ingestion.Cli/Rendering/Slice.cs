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

    /// <summary>
    /// e.g. <c>100 jobs; more with --continuation MDAx...</c>, <c>7 jobs, the last of the list</c> or <c>no jobs</c>:
    /// a slice of a list read a slice at a time, and how to read the next one.
    /// </summary>
    public static string DescribeContinued(int shown, string? continuation, string singular) => (shown, continuation) switch
    {
        (0, null) => $"no {Plural.Noun(0, singular)}",
        (_, null) => $"{Plural.Count(shown, singular)}, the last of the list",
        _ => $"{Plural.Count(shown, singular)}; more with --continuation {continuation}",
    };
}
