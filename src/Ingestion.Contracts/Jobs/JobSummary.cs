namespace Ingestion.Jobs;

/// <summary>One line of the job list; a pipeline's run names its pipeline and its number.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.JobSummary")]
public sealed record JobSummary(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] JobStatus Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? CompletedAt,
    [property: Id(5)] Guid? PipelineId = null,
    [property: Id(6)] int? RunNumber = null);
