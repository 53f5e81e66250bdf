namespace Ingestion.IntegrationTests;

/// <summary>The two-silo cluster that the non-destructive tests share.</summary>
public sealed class SharedCluster() : IngestionCluster(silos: 2);
