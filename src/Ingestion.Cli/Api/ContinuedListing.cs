namespace Ingestion.Cli.Api;

/// <summary>A slice of a list read a slice at a time: the next slice is asked for with <see cref="Continuation"/>, null at the end.</summary>
public sealed record ContinuedListing<T>(IReadOnlyList<T> Items, int Take, string? Continuation);
