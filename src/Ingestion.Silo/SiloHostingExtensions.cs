using Azure.Storage.Blobs;
using Ingestion.Hosting;

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

        builder.UseOrleans(silo =>
        {
            silo.AddIngestionGrains();
            builder.AddOrleansDashboardIfEnabled(silo);
        });

        return builder;
    }
}
