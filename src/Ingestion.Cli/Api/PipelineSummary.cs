namespace Ingestion.Cli.Api;

/// <summary>One line of the pipeline list.</summary>
public sealed record PipelineSummary(Guid Id, string Name, DateTimeOffset CreatedAt, bool Paused, string Schedule);
