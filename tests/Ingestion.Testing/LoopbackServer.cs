using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Testing;

/// <summary>What the test servers share: a quiet Kestrel on a free port of one address, and the port it got.</summary>
public static class LoopbackServer
{
    /// <summary>
    /// A builder with routing that reads no configuration or environment and logs nowhere (the server stays quiet),
    /// listening on a free port of <paramref name="address"/>.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IPAddress address, TimeSpan? shutdownTimeout = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address, 0));
        builder.Services.AddRoutingCore();
        if (shutdownTimeout is { } timeout)
        {
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = timeout);
        }

        return builder;
    }

    /// <summary>The port a started server listens on.</summary>
    public static int PortOf(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
}
