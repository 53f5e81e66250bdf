using Azure.Storage.Blobs;
using Ingestion.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Ingestion.Silo;

internal static class SiloHostingExtensions
{
    /// <summary>
    /// The silo: Orleans with its providers taken from configuration (<c>Orleans:*</c>, set by the AppHost), the grains,
    /// and the blob account that pages are written to.
    /// </summary>
    public static WebApplicationBuilder AddIngestionSilo(this WebApplicationBuilder builder)
    {
        builder.AddAzureStorageClients();
        builder.Services.AddIngestionGrains(builder.Configuration);

        // Pages land in the same account as grain state.
        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<BlobServiceClient>(StorageConnectionNames.Blobs));

        builder.UseOrleans(silo =>
        {
            // Grain state in Orleans' own binary format: compact, and version-tolerant through the [Id]s on the types.
            silo.Services.AddSingleton<IGrainStorageSerializer>(services =>
                new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        });

        return builder;
    }
}
