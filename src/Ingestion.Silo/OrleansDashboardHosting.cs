using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Ingestion.Silo;

internal static class OrleansDashboardHosting
{
    /// <summary>
    /// Adds the Orleans Dashboard's services to the silo when <see cref="OrleansDashboardOptions.Enabled"/>; its options
    /// are validated at start-up either way.
    /// </summary>
    public static IHostApplicationBuilder AddOrleansDashboardIfEnabled(this IHostApplicationBuilder builder, ISiloBuilder silo)
    {
        var section = builder.Configuration.GetSection(OrleansDashboardOptions.SectionName);
        builder.Services.AddOptions<OrleansDashboardOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (section.GetValue<bool>(nameof(OrleansDashboardOptions.Enabled)))
        {
            silo.AddDashboard();
        }

        return builder;
    }

    /// <summary>Serves the dashboard, when enabled, at the root of its own port and nowhere else.</summary>
    public static WebApplication MapOrleansDashboardIfEnabled(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<OrleansDashboardOptions>>().Value;
        if (options is not { Enabled: true, Port: { } port })
        {
            return app;
        }

        // By the port the connection came in on, not the Host header: the AppHost's proxy forwards from another port.
        app.MapOrleansDashboard()
            .AddEndpointFilter((context, next) => context.HttpContext.Connection.LocalPort == port
                ? next(context)
                : ValueTask.FromResult<object?>(Results.NotFound()));
        return app;
    }
}
