namespace Ingestion.IntegrationTests;

/// <summary>One cluster for all tests that need it; each test brings its own upstream server and destination prefix.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<SharedCluster>
{
    public const string Name = "cluster";
}
