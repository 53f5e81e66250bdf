namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Names of the service's own meter and activity source, which every service exports. The grains produce them under the
/// same names (<c>Ingestion.Telemetry.IngestionTelemetry</c>, which this project cannot reference).
/// </summary>
public static class TelemetryNames
{
    public const string Meter = "Ingestion";
    public const string ActivitySource = "Ingestion";
}
