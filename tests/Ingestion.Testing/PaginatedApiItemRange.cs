namespace Ingestion.Testing;

/// <summary>The consecutive item ids one response of <see cref="PaginatedApi"/> holds.</summary>
internal readonly record struct PaginatedApiItemRange(long FirstId, int Count)
{
    public static PaginatedApiItemRange Empty { get; } = new(1, 0);

    public long LastId => FirstId + Count - 1;

    /// <summary>Whether every id fits an <see cref="int"/>, which is what clients are promised.</summary>
    public bool IsNumberable => Count == 0 || LastId <= int.MaxValue;
}
