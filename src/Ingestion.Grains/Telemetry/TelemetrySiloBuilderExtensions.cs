using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Telemetry;

public static class TelemetrySiloBuilderExtensions
{
    /// <summary>The switch by which Orleans itself turns on activity propagation (Aspire sets it for every Orleans resource).</summary>
    private const string DistributedTracingKey = "Orleans:EnableDistributedTracing";

    /// <summary>
    /// The grains' telemetry: the <see cref="IngestionMetrics"/>, and grain calls that carry the caller's trace context,
    /// so that a job's request, its grains, its fetches and its uploads form one trace.
    /// </summary>
    public static ISiloBuilder AddIngestionTelemetry(this ISiloBuilder silo)
    {
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<IngestionMetrics>();

        // Orleans adds the propagation filters itself when configuration asks it to (read the same way here); adding
        // them twice would give every grain call two spans.
        if (!bool.TryParse(silo.Configuration[DistributedTracingKey], out var configured) || !configured)
        {
            silo.AddActivityPropagation();
        }

        return silo;
    }
}
