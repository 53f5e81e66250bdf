namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the service's own meter and activity source, shared by producers and the OpenTelemetry set-up.</summary>
public static class TelemetryNames
{
    public const string Meter = "Ingestion";
    public const string ActivitySource = "Ingestion";
}
