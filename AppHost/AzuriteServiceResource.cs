using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// One Azurite service (blob or table) as a connection string. Being a child of <see cref="AzuriteResource"/>, it
/// shares its state and health in the dashboard.
/// </summary>
public sealed class AzuriteServiceResource(string name, AzuriteResource parent, ReferenceExpression connectionString)
    : Resource(name), IResourceWithParent<AzuriteResource>, IResourceWithConnectionString
{
    public AzuriteResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
