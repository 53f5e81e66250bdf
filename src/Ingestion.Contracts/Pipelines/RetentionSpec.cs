namespace Ingestion.Pipelines;

/// <summary>How many of a pipeline's runs stay listed; older runs are forgotten, their data stays unless <see cref="PurgeData"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RetentionSpec")]
public sealed record RetentionSpec
{
    public const int DefaultKeepRuns = 200;
    public const int MaxKeepRuns = 100_000;

    [Id(0)] public int KeepRuns { get; init; } = DefaultKeepRuns;

    /// <summary>
    /// A forgotten run's data goes too: its pages and manifest are deleted, but for the pages a kept run's manifest
    /// still points at (unchanged since). Only for runs that each write under a prefix of their own.
    /// </summary>
    [Id(1)] public bool PurgeData { get; init; }
}
