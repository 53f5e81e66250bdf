using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>The Orleans Dashboard of a local run: served by the silo on an endpoint of its own, linked from Aspire's dashboard.</summary>
public static class OrleansDashboardExtensions
{
    /// <summary>
    /// Run mode only (it has no authentication): adds the silo endpoint the dashboard answers on, tells the silo to serve
    /// it there (<c>Ingestion:Dashboard:*</c>), and names the link in the silo's URLs.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOrleansDashboard(this IResourceBuilder<ProjectResource> silo)
    {
        // An http endpoint of a project is one of its ASPNETCORE_URLS, so the silo listens there as well.
        silo.WithHttpEndpoint(name: ResourceNames.OrleansDashboardEndpoint)
            .WithUrlForEndpoint(ResourceNames.OrleansDashboardEndpoint, url => url.DisplayText = "Orleans Dashboard");
        var endpoint = silo.GetEndpoint(ResourceNames.OrleansDashboardEndpoint);
        return silo
            .WithEnvironment("Ingestion__Dashboard__Enabled", "true")
            .WithEnvironment("Ingestion__Dashboard__Port", endpoint.Property(EndpointProperty.TargetPort));
    }
}
