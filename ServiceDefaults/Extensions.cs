using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Defaults shared by every service: health checks, OpenTelemetry, service discovery and HTTP resilience.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AzureMonitorConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // Read now, not through IOptions: the tracer's sources are chosen while the host is built.
        var telemetry = builder.AddTelemetryOptions();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNames.OrleansMeter)
                .AddView(TelemetryNames.OrleansDirectoryCacheSize, MetricStreamConfiguration.Drop)
                .AddMeter(TelemetryNames.Meter))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(TelemetryNames.OrleansApplicationSource)
                    .AddSource(TelemetryNames.ActivitySource)
                    .AddAspNetCoreInstrumentation(options =>
                        // Health probes would drown the traces that matter.
                        options.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                    .AddHttpClientInstrumentation(options =>
                        options.EnrichWithHttpResponseMessage = ExpectedStorageAnswers.ClearExpectedError);

                // Orleans' own calls are left out by not listening to their source at all, rather than by a sampler:
                // a sampler that drops a root span still creates its activity (unrecorded), which stays current
                // through the timer callback, so the spans the callback starts (a manifest upload, a registry call)
                // would be dropped with it (parent-based sampling) or exported under a parent that never arrives.
                // With no listener Orleans creates no activity, and those spans start traces of their own.
                // Pages are sampled (PageTraceSampler). A sampler set here wins over OTEL_TRACES_SAMPLER, which Aspire
                // sets to always_on; read through IOptions so that a ratio out of range fails the start with its name.
                tracing.SetSampler(services =>
                    PageTraceSampler.ForServices(services.GetRequiredService<IOptions<TelemetryOptions>>().Value.PageTraceRatio));

                if (telemetry.OrleansInternals)
                {
                    tracing.AddSource(TelemetryNames.OrleansRuntimeSource);
                }

                if (!telemetry.HostLeaseRenewals)
                {
                    tracing.AddProcessor(new BookkeepingCalls());
                }
            });

        // Export only where an endpoint is configured (the AppHost sets it for the dashboard).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // In Azure: Application Insights, when its connection string is set (azd passes the one of infra/monitoring.bicep).
        if (!string.IsNullOrWhiteSpace(builder.Configuration[AzureMonitorConnectionString]))
        {
            builder.Services.AddOpenTelemetry().UseAzureMonitor();
        }

        return builder;
    }

    /// <summary>Binds <see cref="TelemetryOptions"/>, validated at start, and answers their value for registration.</summary>
    private static TelemetryOptions AddTelemetryOptions<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return section.Get<TelemetryOptions>() ?? new TelemetryOptions();
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // All health checks must pass for the app to be ready; only the "live" ones for it to be alive.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        });

        return app;
    }
}
