using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.AppHost;

/// <summary>
/// Adds Azurite (npm) as an executable resource and its services as connection-string resources.
/// </summary>
public static class AzuriteExtensions
{
    // Azurite binds here; the connection strings use the same address so that no client resolves localhost to ::1.
    private const string Host = "127.0.0.1";

    public static IResourceBuilder<AzuriteResource> AddAzurite(
        this IDistributedApplicationBuilder builder, string name, AzuriteOptions options, string repositoryRoot)
    {
        var entryPoint = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entryPoint))
        {
            // The AppHost build runs `npm ci`; this only happens if that was skipped or failed.
            throw new InvalidOperationException($"Azurite is not installed ({entryPoint}). Run `npm ci` in {repositoryRoot}.");
        }

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks()
            .AddCheck(healthCheckKey, new AzuriteHealthCheck(Host, [options.BlobPort, options.QueuePort, options.TablePort]));

        string[] persistence = options.InMemory
            ? ["--inMemoryPersistence"]
            : ["--location", options.ResolveDataPath(repositoryRoot)];

        return builder.AddResource(new AzuriteResource(name, "node", repositoryRoot))
            .WithArgs(
            [
                entryPoint,
                "--blobHost", Host, "--blobPort", Port(options.BlobPort),
                "--queueHost", Host, "--queuePort", Port(options.QueuePort),
                "--tableHost", Host, "--tablePort", Port(options.TablePort),
                .. persistence,
                // The Azure SDKs are often newer than the emulator; without these it rejects their requests.
                "--skipApiVersionCheck",
                "--loose",
            ])
            // Not proxied: Azurite itself listens on the configured ports, which the connection strings name.
            .WithHttpEndpoint(port: options.BlobPort, targetPort: options.BlobPort, name: AzuriteResource.BlobEndpointName, isProxied: false)
            .WithHttpEndpoint(port: options.QueuePort, targetPort: options.QueuePort, name: AzuriteResource.QueueEndpointName, isProxied: false)
            .WithHttpEndpoint(port: options.TablePort, targetPort: options.TablePort, name: AzuriteResource.TableEndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<AzuriteServiceResource> AddBlobs(this IResourceBuilder<AzuriteResource> azurite, string name) =>
        azurite.AddService(name, "BlobEndpoint", azurite.Resource.BlobEndpoint);

    public static IResourceBuilder<AzuriteServiceResource> AddTables(this IResourceBuilder<AzuriteResource> azurite, string name) =>
        azurite.AddService(name, "TableEndpoint", azurite.Resource.TableEndpoint);

    // The full form, not UseDevelopmentStorage=true: that one only knows the default ports.
    private static IResourceBuilder<AzuriteServiceResource> AddService(
        this IResourceBuilder<AzuriteResource> azurite, string name, string endpointKey, EndpointReference endpoint)
    {
        var connectionString = ReferenceExpression.Create(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteResource.AccountName};AccountKey={AzuriteResource.AccountKey};{endpointKey}=http://{Host}:{endpoint.Property(EndpointProperty.Port)}/{AzuriteResource.AccountName};");

        return azurite.ApplicationBuilder.AddResource(new AzuriteServiceResource(name, azurite.Resource, connectionString))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "AzuriteService",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .OnInitializeResource(MirrorParentStateAsync);
    }

    /// <summary>
    /// Aspire hands a parent's state down to its children only for containers, so for this executable the children
    /// copy it themselves. Their health then follows the parent's health check, and they can be waited for.
    /// </summary>
    private static async Task MirrorParentStateAsync(
        AzuriteServiceResource service, InitializeResourceEvent @event, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in @event.Notifications.WatchAsync(cancellationToken))
            {
                if (!ReferenceEquals(update.Resource, service.Parent))
                {
                    continue;
                }

                var parent = update.Snapshot;
                await @event.Notifications.PublishUpdateAsync(service, snapshot => snapshot with
                {
                    State = parent.State,
                    StartTimeStamp = parent.StartTimeStamp,
                    StopTimeStamp = parent.StopTimeStamp,
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The application is stopping.
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
