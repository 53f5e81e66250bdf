namespace Ingestion.Pipelines;

/// <summary>How many of a pipeline's runs stay listed; older runs are forgotten, their data stays.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RetentionSpec")]
public sealed record RetentionSpec
{
    public const int DefaultKeepRuns = 200;
    public const int MaxKeepRuns = 100_000;

    [Id(0)] public int KeepRuns { get; init; } = DefaultKeepRuns;
}
