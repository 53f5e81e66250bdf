namespace Ingestion.Pipelines;

/// <summary>A pipeline as a listing shows it; <c>GET /api/pipelines/{id}</c> has the rest.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PipelineSummary")]
public sealed record PipelineSummary
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required string Name { get; init; }

    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(3)] public bool Paused { get; init; }

    /// <summary>The schedule in words: the cron expression and its time zone, or the interval.</summary>
    [Id(4)] public required string Schedule { get; init; }

    public static PipelineSummary Of(Guid id, PipelineSpec spec, DateTimeOffset createdAt, bool paused) => new()
    {
        Id = id,
        Name = spec.Name,
        CreatedAt = createdAt,
        Paused = paused,
        Schedule = spec.Schedule switch
        {
            { Cron: { } cron } => $"{cron} ({spec.Schedule.TimeZone ?? "UTC"})",
            { Every: { } every } => $"every {every:c}",
            _ => "",
        },
    };
}
