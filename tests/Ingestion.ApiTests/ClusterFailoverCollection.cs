namespace Ingestion.ApiTests;

/// <summary>Failover tests measure seconds without progress: they run alone, after the other API tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterFailoverCollection
{
    public const string Name = "cluster failover";
}
