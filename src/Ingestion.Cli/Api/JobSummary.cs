namespace Ingestion.Cli.Api;

/// <summary>One line of the job list.</summary>
public sealed record JobSummary(
    Guid Id, string? Name, JobStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, Guid? PipelineId = null, int? RunNumber = null);
