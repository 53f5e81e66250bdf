namespace Ingestion.AppHost;

/// <summary>
/// Resource names of the application model. The services read the storage connection strings as
/// <c>ConnectionStrings:blobs</c> / <c>ConnectionStrings:tables</c> and the grain storage by name, so these must
/// stay in step with them.
/// </summary>
public static class ResourceNames
{
    public const string Azurite = "azurite";
    /// <summary>The storage account of a deployment (publish mode only); azd names its module after it.</summary>
    public const string Storage = "storage";
    /// <summary>Application Insights of a deployment (publish mode only).</summary>
    public const string Monitoring = "monitoring";
    /// <summary>The virtual network and Container Apps environments of a deployment (publish mode only).</summary>
    public const string Network = "network";
    public const string Blobs = "blobs";
    public const string Tables = "tables";
    public const string Orleans = "ingestion";
    /// <summary>The generated Orleans cluster ID of a deployment, kept in the azd environment (publish mode only).</summary>
    public const string ClusterId = Orleans + "-cluster-id";
    public const string JobStorage = "jobs";
    /// <summary>The first silo; the others of a local cluster are silo-2, silo-3, ...</summary>
    public const string Silo = "silo";
    /// <summary>The silo endpoint of the Orleans Dashboard (local runs only).</summary>
    public const string OrleansDashboardEndpoint = "orleans-dashboard";
    public const string Api = "api";
    /// <summary>The secret parameter holding the key clients send to the API.</summary>
    public const string ApiKey = "api-key";

    /// <summary>The name of the silo numbered <paramref name="number"/> from 1.</summary>
    public static string SiloNumber(int number) =>
        number == 1 ? Silo : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Silo}-{number}");
}
