using Ingestion.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.SecurityTests;

/// <summary>
/// The real API (its Program, middleware, authentication, limits and validation) on a real Kestrel port, configured by
/// <paramref name="settings"/>. With a <paramref name="grains"/> factory it talks to that cluster instead of connecting
/// an Orleans client of its own.
/// </summary>
public sealed class ApiFactory(
    IReadOnlyDictionary<string, string?> settings,
    IGrainFactory? grains = null,
    TelemetryCapture? telemetry = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As deployed; Development would also validate the unused Orleans client's services, which need a cluster.
        builder.UseEnvironment(Environments.Production);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (telemetry is not null)
            {
                TelemetryCapture.Configure(logging, telemetry);
            }
        });

        builder.ConfigureTestServices(services => services.ReplaceOrleansClient(grains));
    }
}
