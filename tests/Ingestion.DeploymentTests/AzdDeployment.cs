using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.DeploymentTests;

/// <summary>
/// The deployments of a manifest's <c>project.v1</c> resources, run offline the way <c>azd deploy</c> runs them
/// (cli/azd/pkg/apphost/generate.go: buildDeployBlock, asYamlString; pkg/project/service_target_dotnet_containerapp.go):
/// each parameter becomes a Bicep literal of a <c>main.bicepparam</c> beside the module, references to a binding's
/// target port are filled in when azd generates it, every other reference (an output, the image, a parameter) when it
/// deploys, here with a sample value; then <c>bicep snapshot</c> evaluates the module and predicts what it creates.
/// </summary>
internal sealed partial class AzdDeployment(AppHostManifest manifest)
{
    private const string ContainerAppType = "Microsoft.App/containerApps";

    /// <summary>Sample values where a test looks at them; any other reference gets a value named after it.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["{network.outputs.siloStaticIp}"] = "10.42.0.62",
        ["{network.outputs.siloEnvironmentId}"] = $"/subscriptions/{Bicep.SampleSubscription}/resourceGroups/{Bicep.SampleResourceGroup}/providers/Microsoft.App/managedEnvironments/cae-silos-sample",
        ["{network.outputs.apiEnvironmentId}"] = $"/subscriptions/{Bicep.SampleSubscription}/resourceGroups/{Bicep.SampleResourceGroup}/providers/Microsoft.App/managedEnvironments/cae-api-sample",
        ["{.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID}"] = $"/subscriptions/{Bicep.SampleSubscription}/resourceGroups/{Bicep.SampleResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-sample",
    };

    /// <summary>The projects that have a deployment of their own.</summary>
    public IEnumerable<string> Apps() =>
        manifest.NamesOfType(Azd.ProjectResourceTypes).Where(name => manifest.Resource(name)["deployment"] is not null);

    public string ModulePath(string name)
    {
        var deployment = Deployment(name);
        Assert.Contains(deployment["type"]!.GetValue<string>(), Azd.DeploymentTypes);
        return manifest.ResolvePath(deployment["path"]!.GetValue<string>());
    }

    /// <summary>A manifest value as the deployed app gets it: references followed (<see cref="AppHostManifest.Expand"/>) and filled in.</summary>
    public string Evaluate(string value) =>
        ManifestExpressions.ReferencesIn(manifest.Expand(value)).Aggregate(
            manifest.Expand(value),
            (text, reference) => text.Replace(reference.Text, Sample(reference), StringComparison.Ordinal));

    /// <summary>The one Container App that the deployment of <paramref name="name"/> creates, as evaluated.</summary>
    public async Task<JsonObject> ContainerAppAsync(string name, CancellationToken cancellationToken)
    {
        var parameters = Parameters(name).ToDictionary(parameter => parameter.Key, parameter => Render(parameter.Value), StringComparer.Ordinal);
        var snapshot = await Bicep.SnapshotAsync(ModulePath(name), parameters, cancellationToken);

        // azd takes the deployment's Container App as the service's host (deploymentHost), so there must be one.
        return Assert.Single((snapshot["predictedResources"]?.AsArray() ?? []).OfType<JsonObject>(), resource => resource["type"]?.GetValue<string>() == ContainerAppType);
    }

    /// <summary>
    /// A deployed value that a snapshot leaves as <c>[parameters('name')]</c> (a secure parameter's, which it does not
    /// show), as the parameter's value; any other as it is.
    /// </summary>
    public string Secured(string name, string deployedValue) =>
        SecureParameter().Match(deployedValue) is { Success: true } secure && Parameters(name).TryGetValue(secure.Groups["name"].Value, out var given)
            ? Evaluate(given)
            : deployedValue;

    public static JsonObject Container(JsonObject app) =>
        Assert.Single(app["properties"]?["template"]?["containers"]?.AsArray() ?? [])!.AsObject();

    /// <summary>The container's settings: a value, or the value of the secret a setting refers to.</summary>
    public static Dictionary<string, string> Settings(JsonObject app)
    {
        var secrets = (app["properties"]?["configuration"]?["secrets"]?.AsArray() ?? [])
            .ToDictionary(secret => secret!["name"]!.GetValue<string>(), secret => secret!["value"]!.GetValue<string>(), StringComparer.Ordinal);

        return (Container(app)["env"]?.AsArray() ?? []).ToDictionary(
            setting => setting!["name"]!.GetValue<string>(),
            setting => setting!["value"]?.GetValue<string>() ?? secrets[setting!["secretRef"]!.GetValue<string>()],
            StringComparer.Ordinal);
    }

    /// <summary>A deployment's parameters: azd takes strings only (buildDeployBlock), and fills none of them in.</summary>
    private Dictionary<string, string> Parameters(string name)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (parameter, value) in Deployment(name)["params"]?.AsObject() ?? [])
        {
            Assert.True(value is JsonValue text && text.TryGetValue<string>(out var given) && given.Length > 0, $"{name}: '{parameter}' is not a string, or empty.");
            parameters[parameter] = value.GetValue<string>();
        }

        return parameters;
    }

    private JsonObject Deployment(string name) =>
        manifest.Resource(name)["deployment"]?.AsObject() ?? throw new InvalidOperationException($"{name} has no deployment.");

    /// <summary>
    /// A parameter as azd writes it into the bicepparam: a binding's target port is known when it generates; what
    /// remains of references is a Go template expression, which YAML quotes with single quotes, filled in at deploy;
    /// a literal is written as YAML would write the string (so a number comes out in double quotes) and wrapped in
    /// single quotes.
    /// </summary>
    private string Render(string value)
    {
        var generated = ManifestExpressions.ReferencesIn(value)
            .Where(reference => reference.Property is ["bindings", _, "targetPort"])
            .Aggregate(value, (text, reference) => text.Replace(reference.Text, Sample(reference), StringComparison.Ordinal));
        if (ManifestExpressions.ReferencesIn(generated).Count > 0)
        {
            return $"'{Evaluate(generated)}'";
        }

        return YamlWouldReadAsNonString().IsMatch(generated) ? $"'\"{generated}\"'" : $"'{generated}'";
    }

    private string Sample(ManifestReference reference) => reference.Property switch
    {
        ["bindings", var binding, "targetPort"] =>
            manifest.Resource(reference.Resource)["bindings"]?[binding]?["targetPort"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"{reference.Text}: the binding has no targetPort, which azd only knows once it has built the image."),
        ["containerImage"] => $"registry.example.io/ingestion/{reference.Resource}:azd-deploy",
        _ => Samples.GetValueOrDefault(reference.Text) ?? $"sample-{reference.Resource}-{string.Join('-', reference.Property)}",
    };

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex SecureParameter();

    /// <summary>Plain scalars YAML reads as numbers, booleans or null, which yaml.Marshal therefore double-quotes.</summary>
    [GeneratedRegex(@"^([-+]?(\d+|\d*\.\d+)([eE][-+]?\d+)?|true|false|yes|no|on|off|null|~)$", RegexOptions.IgnoreCase)]
    private static partial Regex YamlWouldReadAsNonString();
}
