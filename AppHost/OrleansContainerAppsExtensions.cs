using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// Orleans in Azure Container Apps, as the Orleans documentation describes it: one silo per Container App, listening
/// for other silos and for clients on fixed container ports that the app's ingress opens as TCP ports.
/// </summary>
public static class OrleansContainerAppsExtensions
{
    /// <summary>The endpoint names that Aspire's Orleans integration gives a silo.</summary>
    public const string SiloEndpointName = "orleans-silo";
    public const string GatewayEndpointName = "orleans-gateway";

    /// <summary>Silo-to-silo traffic: the container port the Orleans documentation uses.</summary>
    public const int SiloPort = 11111;

    /// <summary>Client-to-silo traffic (the API's Orleans client): the container port the Orleans documentation uses.</summary>
    public const int GatewayPort = 30000;

    /// <summary>
    /// Publish mode: pins the silo and gateway endpoints to <see cref="SiloPort"/> and <see cref="GatewayPort"/>. azd
    /// turns them into internal TCP port mappings of the silo's Container App, Aspire passes them to the silo as
    /// <c>Orleans__Endpoints__SiloPort</c>/<c>GatewayPort</c>, and the silo advertises them with its address in the
    /// membership table, where the API finds the gateway.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOrleansContainerAppsPorts(this IResourceBuilder<ProjectResource> silo) =>
        silo
            .WithEndpoint(SiloEndpointName, endpoint => endpoint.TargetPort = SiloPort, createIfNotExists: false)
            .WithEndpoint(GatewayEndpointName, endpoint => endpoint.TargetPort = GatewayPort, createIfNotExists: false);
}
