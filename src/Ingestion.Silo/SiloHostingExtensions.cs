using System.Net;
using Azure.Storage.Blobs;
using Ingestion.Hosting;
using Orleans.Configuration;

namespace Ingestion.Silo;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The silo: Orleans with its providers taken from configuration (<c>Orleans:*</c>, set by the AppHost), the grains
    /// and their telemetry, the blob account that pages are written to, and the Orleans Dashboard when asked for.
    /// </summary>
    /// <remarks>
    /// Public, and on any host builder rather than the web application's alone, so that the test clusters compose their
    /// silos with it too (an in-process test silo is a plain <see cref="HostApplicationBuilder"/>).
    /// </remarks>
    public static TBuilder AddIngestionSilo<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddAzureStorageClients();

        // Pages land in the same account as grain state.
        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<BlobServiceClient>(StorageConnectionNames.Blobs));

        // The job and pipeline indexes live beside the membership table.
        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<Azure.Data.Tables.TableServiceClient>(StorageConnectionNames.Tables));

        builder.UseOrleans(silo =>
        {
            silo.AddIngestionGrains();
            builder.AddOrleansDashboardIfEnabled(silo);
        });

        // /health (readiness) passes once the silo is an active member and storage answers; /alive stays liveness.
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>(SiloReadinessCheck.Name);

        // A silo that dies is declared dead in about six seconds (three missed probes, two seconds apart, and a second
        // silo's vote) instead of Orleans' default of about fifteen: its pages are handed out again that much sooner.
        // Ingestion:Cluster:Membership overrides any of ClusterMembershipOptions.
        builder.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 3;
            })
            .Bind(builder.Configuration.GetSection("Ingestion:Cluster:Membership"));

        // A local cluster's silos advertise loopback (Orleans:Endpoints:AdvertisedIPAddress, set by the AppHost), and then
        // listen there alone rather than on every interface.
        builder.Services.PostConfigure<EndpointOptions>(options =>
        {
            if (IPAddress.TryParse(builder.Configuration["Orleans:Endpoints:AdvertisedIPAddress"], out var advertised))
            {
                options.AdvertisedIPAddress = advertised;
            }

            if (IPAddress.IsLoopback(options.AdvertisedIPAddress))
            {
                options.SiloListeningEndpoint ??= new IPEndPoint(options.AdvertisedIPAddress, options.SiloPort);
                options.GatewayListeningEndpoint ??= options.GatewayPort == 0 ? null : new IPEndPoint(options.AdvertisedIPAddress, options.GatewayPort);
            }
        });

        return builder;
    }
}
