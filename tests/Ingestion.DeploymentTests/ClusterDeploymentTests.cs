using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.DeploymentTests;

/// <summary>
/// The cluster that <c>azd up</c> deploys: <c>Silos:Count</c> silos, each a Container App of its own (infra/silo-app.bicep)
/// with exactly one replica and its own port pair in an internal environment, and the public API (infra/api-app.bicep),
/// as the manifest declares them (<c>project.v1</c> with a <c>deployment</c>) and as azd would deploy them.
/// </summary>
public sealed partial class ClusterDeploymentTests(AppHostManifest manifest)
{
    private const string SiloProjectFile = "Ingestion.Silo.csproj";
    private const string ContainerAppType = "Microsoft.App/containerApps";
    private const int SiloContainerPort = 11111;
    private const int GatewayContainerPort = 30000;

    /// <summary>
    /// Settings whose deployed value is meant to differ from the manifest's: a silo advertises the ports its app
    /// exposes on the environment's address, not the container ports it listens on.
    /// </summary>
    private static readonly Dictionary<string, string> DeployedDifferently = new(StringComparer.Ordinal)
    {
        ["Orleans__Endpoints__SiloPort"] = "siloPort",
        ["Orleans__Endpoints__GatewayPort"] = "gatewayPort",
    };

    private static string SiloTemplate => Path.Combine(BuildInfo.InfraDirectory, "silo-app.bicep");
    private static string ApiTemplate => Path.Combine(BuildInfo.InfraDirectory, "api-app.bicep");
    private static string NetworkTemplate => Path.Combine(BuildInfo.InfraDirectory, "network.bicep");

    [Fact]
    public void By_default_a_deployment_is_a_cluster_of_two_silos()
    {
        AssertOneClusterOf(manifest, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Silos_Count_sets_how_many_silos_are_deployed(int count)
    {
        var configuration = new Dictionary<string, string> { ["Silos__Count"] = count.ToString(CultureInfo.InvariantCulture) };
        await using var published = await AppHostManifest.PublishAsync(configuration, TestContext.Current.CancellationToken);

        AssertOneClusterOf(published, count);
    }

    [Fact]
    public async Task Each_app_s_parameters_build_against_its_module_as_azd_deploy_builds_them()
    {
        var apps = DeployedProjects(manifest).ToList();
        Assert.Equal(3, apps.Count);

        foreach (var name in apps)
        {
            var deployment = Deployment(manifest, name);
            var template = manifest.ResolvePath(deployment["path"]!.GetValue<string>());
            var parameters = DeploymentParameters(manifest, name)
                .ToDictionary(parameter => parameter.Key, parameter => Placeholder(manifest, parameter.Value), StringComparer.Ordinal);

            var build = await Bicep.BuildParamsAsync(template, parameters, TestContext.Current.CancellationToken);

            Assert.True(build.ExitCode == 0 && build.StandardError.Trim().Length == 0, $"{name}: {build.Describe()}");
        }
    }

    [Fact]
    public async Task Every_setting_the_apphost_gives_a_service_is_deployed_by_its_module_with_the_same_value()
    {
        var problems = new List<string>();
        foreach (var name in DeployedProjects(manifest))
        {
            var deployment = Deployment(manifest, name);
            var parameters = DeploymentParameters(manifest, name);
            var app = Assert.Single(ResourcesOfType(await Bicep.CompileAsync(manifest.ResolvePath(deployment["path"]!.GetValue<string>())), ContainerAppType));
            var deployed = DeployedSettings(app);

            foreach (var (variable, node) in manifest.Env(name))
            {
                var expected = manifest.Expand(node!.GetValue<string>());
                if (!deployed.TryGetValue(variable, out var value))
                {
                    problems.Add($"{name}: {variable} is not set by the module");
                    continue;
                }

                var actual = ParameterReference().Match(value) is { Success: true } reference
                    ? parameters.GetValueOrDefault(reference.Groups["name"].Value) is { } given ? manifest.Expand(given) : $"(no parameter {reference.Groups["name"].Value})"
                    : value;
                if (DeployedDifferently.TryGetValue(variable, out var parameter))
                {
                    Assert.Equal($"[parameters('{parameter}')]", value);
                }
                else if (actual != expected)
                {
                    problems.Add($"{name}: {variable} is '{actual}' deployed but '{expected}' in the manifest");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_silo_app_has_exactly_one_replica_and_its_own_ports_on_the_environment_s_address()
    {
        var template = await Bicep.CompileAsync(SiloTemplate);
        var app = Assert.Single(ResourcesOfType(template, ContainerAppType));
        var properties = app["properties"]!;
        var ingress = properties["configuration"]?["ingress"];
        var settings = DeployedSettings(app);

        Assert.Equal(1, properties["template"]?["scale"]?["minReplicas"]?.GetValue<int>());
        Assert.Equal(1, properties["template"]?["scale"]?["maxReplicas"]?.GetValue<int>());
        Assert.Equal("Single", properties["configuration"]?["activeRevisionsMode"]?.GetValue<string>());
        Assert.True(properties["template"]?["terminationGracePeriodSeconds"]?.GetValue<int>() >= 60);

        // TCP ingress "external" to the environment, which is internal: reachable from the virtual network only.
        Assert.Equal("tcp", ingress?["transport"]?.GetValue<string>());
        Assert.True(ingress?["external"]?.GetValue<bool>());
        Assert.Equal(SiloContainerPort.ToString(CultureInfo.InvariantCulture), Literal(template, ingress?["targetPort"]));
        Assert.Equal("[int(parameters('siloPort'))]", ingress?["exposedPort"]?.GetValue<string>());
        var gateway = Assert.Single(ingress?["additionalPortMappings"]?.AsArray() ?? []);
        Assert.Equal(GatewayContainerPort.ToString(CultureInfo.InvariantCulture), Literal(template, gateway?["targetPort"]));
        Assert.Equal("[int(parameters('gatewayPort'))]", gateway?["exposedPort"]?.GetValue<string>());

        // It advertises the environment's address with the exposed ports, and listens on the container ports.
        Assert.Equal("[parameters('advertisedIp')]", settings["Orleans__Endpoints__AdvertisedIPAddress"]);
        Assert.Equal("[parameters('siloPort')]", settings["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("[parameters('gatewayPort')]", settings["Orleans__Endpoints__GatewayPort"]);
        Assert.Equal($"0.0.0.0:{SiloContainerPort}", Literal(template, settings["Orleans__Endpoints__SiloListeningEndpoint"]));
        Assert.Equal($"0.0.0.0:{GatewayContainerPort}", Literal(template, settings["Orleans__Endpoints__GatewayListeningEndpoint"]));
    }

    [Fact]
    public async Task The_silos_environment_is_internal_and_the_api_s_public_in_the_same_virtual_network()
    {
        var template = await Bicep.CompileAsync(NetworkTemplate);
        var environments = template["variables"]?["environments"]?.AsArray() ?? [];
        var network = Assert.Single(ResourcesOfType(template, "Microsoft.Network/virtualNetworks"));
        var managedEnvironments = Assert.Single(ResourcesOfType(template, "Microsoft.App/managedEnvironments"));

        Assert.Equal(
            [("silos", true), ("api", false)],
            environments.Select(each => (each!["name"]!.GetValue<string>(), each["internal"]!.GetValue<bool>())));
        var vnet = managedEnvironments["properties"]?["vnetConfiguration"];
        Assert.Equal("[variables('environments')[copyIndex()].internal]", vnet?["internal"]?.GetValue<string>());
        Assert.Contains(".subnets[copyIndex()].id", vnet?["infrastructureSubnetId"]?.GetValue<string>(), StringComparison.Ordinal);
        // One subnet per environment, delegated to Container Apps.
        var subnets = Assert.Single(network["properties"]?["copy"]?.AsArray() ?? []);
        Assert.Equal("subnets", subnets?["name"]?.GetValue<string>());
        Assert.Equal("[length(variables('environments'))]", subnets?["count"]?.GetValue<string>());
        Assert.Equal("Microsoft.App/environments", subnets?["input"]?["properties"]?["delegations"]?[0]?["properties"]?["serviceName"]?.GetValue<string>());

        // What the silos advertise, and what the deployments put the silos and the API in.
        var outputs = template["outputs"];
        Assert.Matches(@"environments'\)\[0\].*\.staticIp\]$", outputs?["siloStaticIp"]?["value"]?.GetValue<string>());
        Assert.Contains("environments')[0]", outputs?["siloEnvironmentId"]?["value"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("environments')[1]", outputs?["apiEnvironmentId"]?["value"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_app_is_public_over_https_and_gets_its_key_as_a_secret()
    {
        var template = await Bicep.CompileAsync(ApiTemplate);
        var app = Assert.Single(ResourcesOfType(template, ContainerAppType));
        var configuration = app["properties"]?["configuration"];
        var key = app["properties"]?["template"]?["containers"]?[0]?["env"]?.AsArray()
            .Single(setting => setting?["name"]?.GetValue<string>() == "Ingestion__Api__Key");

        Assert.True(configuration?["ingress"]?["external"]?.GetValue<bool>());
        Assert.False(configuration?["ingress"]?["allowInsecure"]?.GetValue<bool>());
        Assert.NotEqual("tcp", configuration?["ingress"]?["transport"]?.GetValue<string>());
        Assert.Equal("securestring", template["parameters"]?["apiKey"]?["type"]?.GetValue<string>());
        Assert.Null(key?["value"]);
        Assert.NotNull(key?["secretRef"]);
        Assert.Equal("api", Deployment(manifest, "api")["params"]?["name"]?.GetValue<string>());
        Assert.Equal("{network.outputs.apiEnvironmentId}", Deployment(manifest, "api")["params"]?["environmentId"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("silo-app.bicep")]
    [InlineData("api-app.bicep")]
    public async Task The_probes_are_liveness_on_alive_and_readiness_on_health(string file)
    {
        var app = Assert.Single(ResourcesOfType(await Bicep.CompileAsync(Path.Combine(BuildInfo.InfraDirectory, file)), ContainerAppType));
        var probes = (app["properties"]?["template"]?["containers"]?[0]?["probes"]?.AsArray() ?? [])
            .ToDictionary(probe => probe!["type"]!.GetValue<string>(), probe => probe!["httpGet"]?["path"]?.GetValue<string>());

        // Liveness never depends on storage or the cluster: an outage of either must not restart every replica.
        Assert.Equal("/alive", probes.GetValueOrDefault("Startup"));
        Assert.Equal("/alive", probes.GetValueOrDefault("Liveness"));
        Assert.Equal("/health", probes.GetValueOrDefault("Readiness"));
    }

    /// <summary>
    /// <paramref name="count"/> silos, silo to silo-N, each a <c>project.v1</c> of the silo project deployed by
    /// silo-app.bicep to the internal environment, with a port pair no other silo has, all in one cluster with the API.
    /// </summary>
    private static void AssertOneClusterOf(AppHostManifest published, int count)
    {
        var silos = published.NamesOfType(Azd.ProjectResourceTypes)
            .Where(name => published.Resource(name)["path"]!.GetValue<string>().EndsWith(SiloProjectFile, StringComparison.Ordinal))
            .ToList();
        string[] expected = ["silo", .. Enumerable.Range(2, count - 1).Select(number => $"silo-{number}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), silos.Order(StringComparer.Ordinal));

        var ports = new List<int>();
        foreach (var name in silos)
        {
            Assert.Equal("project.v1", published.TypeOf(name));
            var deployment = Deployment(published, name);
            var parameters = DeploymentParameters(published, name);
            Assert.Contains(deployment["type"]!.GetValue<string>(), Azd.DeploymentTypes);
            Assert.Equal(SiloTemplate, published.ResolvePath(deployment["path"]!.GetValue<string>()));
            Assert.Equal(name, parameters["name"]);
            Assert.Equal($"{{{name}.containerImage}}", parameters["image"]);
            Assert.Equal("{network.outputs.siloEnvironmentId}", parameters["environmentId"]);
            Assert.Equal("{network.outputs.siloStaticIp}", parameters["advertisedIp"]);
            ports.Add(int.Parse(parameters["siloPort"], CultureInfo.InvariantCulture));
            ports.Add(int.Parse(parameters["gatewayPort"], CultureInfo.InvariantCulture));
        }

        // Exposed ports are unique across the environment, and Container Apps keeps one for itself.
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.DoesNotContain(Azd.ReservedTcpPort, ports);
        Assert.All(ports, port => Assert.InRange(port, 1024, 65535));

        // One cluster: every silo and the API share the cluster and service IDs and the membership table.
        foreach (var parameter in new[] { "clusterId", "serviceId", "tableEndpoint" })
        {
            var values = DeployedProjects(published).Select(name => DeploymentParameters(published, name)[parameter]).Distinct().ToList();
            Assert.Single(values);
        }
    }

    private static IEnumerable<string> DeployedProjects(AppHostManifest published) =>
        published.NamesOfType(Azd.ProjectResourceTypes).Where(name => published.Resource(name)["deployment"] is not null);

    private static JsonObject Deployment(AppHostManifest published, string name) =>
        published.Resource(name)["deployment"]?.AsObject() ?? throw new InvalidOperationException($"{name} has no deployment.");

    /// <summary>A deployment's parameters; azd takes strings only (buildDeployBlock), and none may be empty.</summary>
    private static Dictionary<string, string> DeploymentParameters(AppHostManifest published, string name)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (parameter, value) in Deployment(published, name)["params"]?.AsObject() ?? [])
        {
            Assert.True(value is JsonValue text && text.TryGetValue<string>(out _), $"{name}: '{parameter}' is not a string.");
            parameters[parameter] = value!.GetValue<string>();
            Assert.False(parameters[parameter].Length == 0, $"{name}: '{parameter}' is empty, and azd fills in no deployment parameter.");
        }

        return parameters;
    }

    /// <summary>
    /// A parameter's value as azd would give it, for a build: a binding's target port is known from the manifest; any
    /// other reference (an output, the image, a parameter) becomes a placeholder.
    /// </summary>
    private static string Placeholder(AppHostManifest published, string value) =>
        ManifestExpressions.ReferencesIn(value).Aggregate(value, (text, reference) => text.Replace(
            reference.Text,
            reference.Property is ["bindings", var binding, "targetPort"]
                ? published.Resource(reference.Resource)["bindings"]?[binding]?["targetPort"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture) ?? reference.Text
                : $"placeholder-{reference.Resource}-{string.Join('-', reference.Property)}",
            StringComparison.Ordinal));

    /// <summary>The container's settings as the template writes them: a value, or the secret's value for a secretRef.</summary>
    private static Dictionary<string, string> DeployedSettings(JsonObject app)
    {
        var secrets = (app["properties"]?["configuration"]?["secrets"]?.AsArray() ?? [])
            .ToDictionary(secret => secret!["name"]!.GetValue<string>(), secret => secret!["value"]!.GetValue<string>(), StringComparer.Ordinal);
        var env = Assert.Single(app["properties"]?["template"]?["containers"]?.AsArray() ?? [])?["env"]?.AsArray() ?? [];

        return env.ToDictionary(
            setting => setting!["name"]!.GetValue<string>(),
            setting => setting!["value"]?.GetValue<string>() ?? secrets[setting!["secretRef"]!.GetValue<string>()],
            StringComparer.Ordinal);
    }

    /// <summary>
    /// A literal of the template as text: Bicep compiles a variable into <c>[variables('name')]</c>, and an interpolation
    /// of one into <c>[format('text{0}', variables('name'))]</c>.
    /// </summary>
    private static string? Literal(JsonObject template, JsonNode? node)
    {
        var text = node?.ToString() ?? "";
        if (VariableExpression().Match(text) is { Success: true } variable)
        {
            return template["variables"]?[variable.Groups["name"].Value]?.ToString();
        }

        if (FormatOfVariable().Match(text) is { Success: true } format)
        {
            var value = template["variables"]?[format.Groups["name"].Value]?.ToString();
            return value is null ? null : format.Groups["format"].Value.Replace("{0}", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static IEnumerable<JsonObject> ResourcesOfType(JsonObject template, string type) =>
        (template["resources"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(resource => resource["type"]?.GetValue<string>() == type);

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('(?<name>\w+)'\)\]$")]
    private static partial Regex VariableExpression();

    [GeneratedRegex(@"^\[format\('(?<format>[^']*)', variables\('(?<name>\w+)'\)\)\]$")]
    private static partial Regex FormatOfVariable();
}
