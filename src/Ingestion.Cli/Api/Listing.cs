namespace Ingestion.Cli.Api;

/// <summary>One slice of a longer list: <paramref name="Total"/> items match, <paramref name="Items"/> start at <paramref name="Skip"/>.</summary>
public sealed record Listing<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);
