namespace Ingestion.Cli.Rendering;

/// <summary>Says which part of a longer list is shown.</summary>
public static class Slice
{
    /// <summary>e.g. <c>21-40 of 57 jobs</c>, or <c>none of 57 jobs</c>.</summary>
    public static string Describe(int skip, int shown, int total, string what) =>
        shown == 0 ? $"none of {total} {what}" : $"{skip + 1}-{skip + shown} of {total} {what}";
}
