namespace Ingestion.Grains;

/// <summary>A job's destination prefix belongs to another job (or holds blobs the service did not write).</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PrefixConflict")]
public sealed record PrefixConflict
{
    [Id(0)] public required string Container { get; init; }

    /// <summary>The prefix as expanded.</summary>
    [Id(1)] public required string Prefix { get; init; }

    /// <summary>The job that owns the prefix, when its blobs name one.</summary>
    [Id(2)] public Guid? Owner { get; init; }

    /// <summary>What stands in the way, in a sentence for the user.</summary>
    [Id(3)] public required string Reason { get; init; }
}
