namespace Ingestion.Cli.Api;

/// <summary>An RFC 9457 problem the API answers with; <see cref="Errors"/> maps JSON paths to what is wrong there.</summary>
public sealed record ProblemDetails
{
    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
