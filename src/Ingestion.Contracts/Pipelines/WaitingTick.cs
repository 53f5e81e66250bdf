namespace Ingestion.Pipelines;

/// <summary>A tick that runs once the run under way has ended.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.WaitingTick")]
public sealed record WaitingTick([property: Id(0)] DateTimeOffset Tick, [property: Id(1)] RunTrigger Trigger);
