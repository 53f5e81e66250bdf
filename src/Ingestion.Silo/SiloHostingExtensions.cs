using Azure.Storage.Blobs;
using Ingestion.Hosting;

namespace Ingestion.Silo;

internal static class SiloHostingExtensions
{
    /// <summary>
    /// The silo: Orleans with its providers taken from configuration (<c>Orleans:*</c>, set by the AppHost), the grains
    /// and their telemetry, the blob account that pages are written to, and the Orleans Dashboard when asked for.
    /// </summary>
    public static WebApplicationBuilder AddIngestionSilo(this WebApplicationBuilder builder)
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
