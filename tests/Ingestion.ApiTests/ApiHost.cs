using System.Net;
using Ingestion.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.ApiTests;

/// <summary>
/// The real API (its Program: middleware, authentication, OpenAPI, endpoints) on Kestrel at 127.0.0.1 on a free port,
/// in the given environment, talking to a test cluster through <paramref name="grains"/> instead of an Orleans client
/// of its own.
/// </summary>
public sealed class ApiHost(
    string environment,
    IReadOnlyDictionary<string, string?> settings,
    IClusterClient grains,
    LogRecorder? logs = null) : WebApplicationFactory<Program>
{
    /// <summary>Starts the server and answers its address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(new Uri(address), "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // Development checks every registration at start; the Orleans client's own services need a cluster to connect
        // to, which the test cluster's client replaces.
        builder.UseDefaultServiceProvider(options => options.ValidateOnBuild = false);

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (logs is not null)
            {
                // The service's own debug messages, and what the framework says from Information up.
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddFilter<LogRecorder>(null, LogLevel.Information);
                logging.AddFilter<LogRecorder>("Ingestion", LogLevel.Debug);
                logging.AddProvider(logs);
            }
        });

        builder.ConfigureTestServices(services => services.ReplaceOrleansClient(grains));
    }
}
