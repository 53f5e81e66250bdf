using System.Diagnostics;
using Ingestion.Testing;
using Ingestion.Telemetry;
using OpenTelemetry;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Ingestion.IntegrationTests;

/// <summary>
/// The spans of the service, of Orleans' grain calls and of HttpClient, as the OpenTelemetry in-memory exporter receives
/// them while it lives, sampled as the services sample them with <paramref name="pageTraceRatio"/> (every trace unless
/// given). Listening is process-wide, so spans of other tests' clusters arrive too: select by trace.
/// </summary>
internal sealed class TelemetrySpanRecorder : IDisposable
{
    /// <summary>Stands in for the API: its span plays the part of the POST that starts a job.</summary>
    public static readonly ActivitySource Caller = new("Ingestion.IntegrationTests");

    private readonly LockedCollection<Activity> _spans = new();
    private readonly TracerProvider _tracing;

    public TelemetrySpanRecorder(double pageTraceRatio = 1)
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Caller.Name, IngestionTelemetry.ActivitySourceName, "Microsoft.Orleans.*", "System.Net.Http")
            .SetSampler(PageTraceSampler.ForServices(pageTraceRatio))
            .AddInMemoryExporter(_spans)
            .Build();
    }

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Ended()
    {
        _tracing.ForceFlush();
        return _spans.Snapshot();
    }

    public void Dispose() => _tracing.Dispose();
}
