namespace Ingestion.IntegrationTests;

/// <summary>The telemetry tests, one after another on their own <see cref="TelemetryCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryCluster>
{
    public const string Name = "telemetry";
}
