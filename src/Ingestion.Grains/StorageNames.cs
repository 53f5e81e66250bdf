namespace Ingestion;

/// <summary>Names the grains and their hosts agree on.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider that holds job and registry state.</summary>
    public const string JobStore = "jobs";
}
