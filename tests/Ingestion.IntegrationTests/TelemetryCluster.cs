using Microsoft.Extensions.Logging;

namespace Ingestion.IntegrationTests;

/// <summary>
/// A two-silo cluster of its own for the telemetry tests: the meters they read and the log lines they capture then come
/// from their jobs alone, not from tests running beside them. The service's own lines are logged from Debug, where a
/// page's lines are.
/// </summary>
public sealed class TelemetryCluster() : IngestionCluster(silos: 2, siloLogging: logging => logging.AddFilter("Ingestion", LogLevel.Debug));
