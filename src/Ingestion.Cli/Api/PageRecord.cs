namespace Ingestion.Cli.Api;

/// <summary>One page of a job, as the API lists it.</summary>
public sealed record PageRecord
{
    public required int Page { get; init; }

    public string Url { get; init; } = "";

    public required PageStatus Status { get; init; }

    public int? HttpStatus { get; init; }

    public int Attempts { get; init; }

    public string? Blob { get; init; }

    public long? Bytes { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? RetryAt { get; init; }
}
