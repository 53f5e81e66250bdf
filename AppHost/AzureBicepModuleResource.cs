using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace Ingestion.AppHost;

/// <summary>
/// An Azure resource that the Azure Developer CLI provisions from a Bicep file of the repository: it appears in the
/// manifest as <c>azure.bicep.v0</c>, and other resources use its outputs (<see cref="GetOutput"/>).
/// </summary>
/// <param name="name">The resource name; azd names the module and the environment values of its outputs after it.</param>
/// <param name="templatePath">The absolute path of the .bicep file.</param>
/// <param name="parameters">
/// The module's parameters. An empty value asks azd to fill it in: <c>principalId</c> and <c>principalType</c> become
/// the managed identity that azd gives the Container Apps. <c>location</c> is always passed by azd and is not listed.
/// </param>
public sealed class AzureBicepModuleResource(string name, string templatePath, IReadOnlyDictionary<string, string> parameters)
    : Resource(name)
{
    public const string ManifestType = "azure.bicep.v0";

    /// <summary>The folder of the repository that holds the Bicep modules.</summary>
    public const string InfraFolder = "infra";

    /// <summary>A module of the repository's <see cref="InfraFolder"/>, which must exist.</summary>
    public static AzureBicepModuleResource FromInfra(
        string name, string repositoryRoot, string fileName, IReadOnlyDictionary<string, string> parameters)
    {
        var templatePath = Path.GetFullPath(Path.Combine(repositoryRoot, InfraFolder, fileName));
        return File.Exists(templatePath)
            ? new AzureBicepModuleResource(name, templatePath, parameters)
            : throw new InvalidOperationException($"The Bicep template of '{name}' is missing: {templatePath}.");
    }

    public string TemplatePath { get; } = templatePath;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public BicepOutputReference GetOutput(string outputName) => new(outputName, this);

    internal void WriteToManifest(ManifestPublishingContext context)
    {
        context.Writer.WriteString("type", ManifestType);
        // Relative to the manifest: azd reads the file from there and deploys it as a module of its main.bicep.
        context.Writer.WriteString("path", context.GetManifestRelativePath(TemplatePath));
        context.Writer.WriteStartObject("params");
        foreach (var (parameter, value) in Parameters)
        {
            context.Writer.WriteString(parameter, value);
        }

        context.Writer.WriteEndObject();
    }
}
