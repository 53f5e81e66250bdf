namespace Ingestion.AppHost;

/// <summary>
/// Values of the infrastructure that azd generates for an AppHost (its resources.bicep: the managed identity and the
/// container registry), as manifest expressions <c>{.outputs.NAME}</c>; azd fills them in when it deploys a project's
/// own Bicep module.
/// </summary>
public static class AzdOutputs
{
    /// <summary>The registry that azd pushes the services' images to.</summary>
    public const string ContainerRegistryEndpoint = "{.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT}";

    /// <summary>The resource ID of the user-assigned managed identity that pulls images and reaches storage.</summary>
    public const string ManagedIdentityId = "{.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID}";

    /// <summary>That identity's client ID, which DefaultAzureCredential reads from AZURE_CLIENT_ID.</summary>
    public const string ManagedIdentityClientId = "{.outputs.MANAGED_IDENTITY_CLIENT_ID}";
}
