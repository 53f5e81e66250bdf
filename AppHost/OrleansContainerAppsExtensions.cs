using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// Orleans in Azure Container Apps, as the Orleans documentation describes it: one silo per Container App, listening
/// for other silos and for clients on fixed container ports; each app exposes them on a port pair of its own on the
/// environment's private address, which is what the silo advertises.
/// </summary>
public static class OrleansContainerAppsExtensions
{
    /// <summary>The endpoint names that Aspire's Orleans integration gives a silo.</summary>
    public const string SiloEndpointName = "orleans-silo";
    public const string GatewayEndpointName = "orleans-gateway";

    /// <summary>The silo's HTTP endpoint (health checks, and the Orleans Dashboard locally).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>Silo-to-silo traffic: the container port the Orleans documentation uses.</summary>
    public const int SiloPort = 11111;

    /// <summary>Client-to-silo traffic (the API's Orleans client): the container port the Orleans documentation uses.</summary>
    public const int GatewayPort = 30000;

    /// <summary>The port of the silo's HTTP endpoint in its container: the one .NET container images listen on.</summary>
    public const int HttpPort = 8080;

    /// <summary>
    /// The port on the environment's address where silo <paramref name="number"/> (from 1) takes silo-to-silo traffic:
    /// exposed ports must be unique in an environment, so silo 1 has 11111, silo 2 11112, and so on.
    /// </summary>
    public static int ExposedSiloPort(int number) => SiloPort + number - 1;

    /// <summary>The same for the gateway: 30000, 30001, ...</summary>
    public static int ExposedGatewayPort(int number) => GatewayPort + number - 1;

    /// <summary>
    /// Publish mode: pins the silo's container ports to <see cref="SiloPort"/>, <see cref="GatewayPort"/> and
    /// <see cref="HttpPort"/>, the ones its Container App maps its ports to.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOrleansContainerAppsPorts(this IResourceBuilder<ProjectResource> silo) =>
        silo
            .WithEndpoint(SiloEndpointName, endpoint => endpoint.TargetPort = SiloPort, createIfNotExists: false)
            .WithEndpoint(GatewayEndpointName, endpoint => endpoint.TargetPort = GatewayPort, createIfNotExists: false)
            .WithEndpoint(HttpEndpointName, endpoint => endpoint.TargetPort = HttpPort, createIfNotExists: false);
}
