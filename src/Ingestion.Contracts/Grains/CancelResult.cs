using Ingestion.Jobs;

namespace Ingestion.Grains;

/// <summary>What a cancel did, and the job as it stands after it; <see cref="Job"/> is null only for <see cref="CancelOutcome.NotFound"/>.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.CancelResult")]
public sealed record CancelResult([property: Id(0)] CancelOutcome Outcome, [property: Id(1)] JobView? Job);
