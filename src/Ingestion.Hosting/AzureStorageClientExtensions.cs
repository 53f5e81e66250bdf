using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Hosting;

public static class AzureStorageClientExtensions
{
    /// <summary>
    /// Registers keyed <see cref="BlobServiceClient"/> and <see cref="TableServiceClient"/> instances for every storage
    /// connection that is configured. A connection is either a connection string (Azurite, local runs) or a service
    /// endpoint URI, which is reached with <see cref="DefaultAzureCredential"/> (the managed identity in Azure).
    /// </summary>
    public static TBuilder AddAzureStorageClients<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var blobs = builder.Configuration.GetConnectionString(StorageConnectionNames.Blobs);
        if (!string.IsNullOrWhiteSpace(blobs))
        {
            builder.Services.AddKeyedSingleton(StorageConnectionNames.Blobs, (_, _) =>
                TryEndpoint(blobs, out var endpoint)
                    ? new BlobServiceClient(endpoint, Credential.Value)
                    : new BlobServiceClient(blobs));
        }

        var tables = builder.Configuration.GetConnectionString(StorageConnectionNames.Tables);
        if (!string.IsNullOrWhiteSpace(tables))
        {
            builder.Services.AddKeyedSingleton(StorageConnectionNames.Tables, (_, _) =>
                TryEndpoint(tables, out var endpoint)
                    ? new TableServiceClient(endpoint, Credential.Value)
                    : new TableServiceClient(tables));
        }

        return builder;
    }

    // One credential per process: it caches tokens.
    private static readonly Lazy<TokenCredential> Credential = new(() => new DefaultAzureCredential());

    private static bool TryEndpoint(string connection, out Uri endpoint) =>
        Uri.TryCreate(connection, UriKind.Absolute, out endpoint!) && endpoint.Scheme is "https" or "http";
}
