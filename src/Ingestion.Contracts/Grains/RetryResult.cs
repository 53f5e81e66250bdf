using Ingestion.Jobs;

namespace Ingestion.Grains;

/// <summary>What a retry of the failed pages did, and the job as it stands after it; <see cref="Job"/> is null only for <see cref="RetryOutcome.NotFound"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RetryResult")]
public sealed record RetryResult([property: Id(0)] RetryOutcome Outcome, [property: Id(1)] JobView? Job);
