using Ingestion.Jobs;

namespace Ingestion.Grains;

[GenerateSerializer, Immutable, Alias("Ingestion.CancelResult")]
public sealed record CancelResult([property: Id(0)] CancelOutcome Outcome, [property: Id(1)] JobView? Job);
