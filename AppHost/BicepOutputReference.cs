using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// An output of a Bicep module, written to the manifest as <c>{resource.outputs.name}</c>; the Azure Developer CLI
/// replaces it with the output's value once it has provisioned the module.
/// </summary>
/// <remarks>
/// The Aspire Azure packages have their own, but they are not available here. This one only has a value in the
/// manifest: nothing provisions the module in run mode.
/// </remarks>
public sealed class BicepOutputReference(string name, AzureBicepModuleResource resource)
    : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public string Name { get; } = name;

    public AzureBicepModuleResource Resource { get; } = resource;

    public string ValueExpression => $"{{{Resource.Name}.outputs.{Name}}}";

    IEnumerable<object> IValueWithReferences.References => [Resource];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(
            $"The output '{Name}' of '{Resource.Name}' only exists in a deployment: azd provisions the module and fills it in.");
}
