using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Ingestion.UnitTests;

/// <summary>The metrics every service gets from ServiceDefaults, collected in memory instead of exported.</summary>
public sealed class ServiceDefaultsMetricsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Orleans_metrics_are_exported_but_its_directory_cache_gauge_is_never_even_observed()
    {
        var exported = new List<Metric>();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "service-defaults-tests" });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        using var host = builder.Build();
        await host.StartAsync(Cancellation);

        // Instruments by Orleans' meter and names: the provider decides by those alone.
        using var orleans = new Meter(TelemetryNames.OrleansMeter);
        var observed = 0;
        orleans.CreateObservableGauge(TelemetryNames.OrleansDirectoryCacheSize, () => Interlocked.Increment(ref observed));
        orleans.CreateCounter<long>("orleans-messaging-sent-messages").Add(3);
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());

        Assert.Contains(exported, metric => metric.Name == "orleans-messaging-sent-messages");
        Assert.DoesNotContain(exported, metric => metric.Name == TelemetryNames.OrleansDirectoryCacheSize);
        Assert.Equal(0, Volatile.Read(ref observed));
        await host.StopAsync(Cancellation);
    }
}
