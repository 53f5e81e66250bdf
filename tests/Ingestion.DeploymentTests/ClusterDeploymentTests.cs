using System.Globalization;
using System.Text.Json.Nodes;

namespace Ingestion.DeploymentTests;

/// <summary>
/// The cluster that <c>azd up</c> deploys: <c>Silos:Count</c> silos, each a Container App of its own (infra/silo-app.bicep)
/// with exactly one replica and its own port pair in an internal environment, and the public API (infra/api-app.bicep).
/// Each app's deployment is evaluated as <c>azd deploy</c> would run it (<see cref="AzdDeployment"/>), and the tests
/// look at the Container App it would create.
/// </summary>
public sealed class ClusterDeploymentTests(AppHostManifest manifest)
{
    private const string SiloProjectFile = "Ingestion.Silo.csproj";
    private const int SiloContainerPort = 11111;
    private const int GatewayContainerPort = 30000;

    /// <summary>
    /// Settings whose deployed value is meant to differ from the manifest's: a silo advertises the ports its app
    /// exposes on the environment's address, not the container ports it listens on.
    /// </summary>
    private static readonly HashSet<string> DeployedDifferently = new(StringComparer.Ordinal)
    {
        "Orleans__Endpoints__SiloPort", "Orleans__Endpoints__GatewayPort",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_a_deployment_is_a_cluster_of_two_silos()
    {
        await AssertOneClusterOfAsync(manifest, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Silos_Count_sets_how_many_silos_are_deployed(int count)
    {
        var configuration = new Dictionary<string, string> { ["Silos__Count"] = count.ToString(CultureInfo.InvariantCulture) };
        await using var published = await AppHostManifest.PublishAsync(configuration, Cancellation);

        await AssertOneClusterOfAsync(published, count);
    }

    [Fact]
    public async Task Every_setting_the_apphost_gives_a_service_is_deployed_with_the_same_value()
    {
        var deployment = new AzdDeployment(manifest);
        var problems = new List<string>();
        foreach (var name in deployment.Apps())
        {
            var deployed = AzdDeployment.Settings(await deployment.ContainerAppAsync(name, Cancellation));
            foreach (var (variable, value) in manifest.Env(name))
            {
                var expected = deployment.Evaluate(value!.GetValue<string>());
                if (!deployed.TryGetValue(variable, out var actual))
                {
                    problems.Add($"{name}: {variable} is not set by its module");
                }
                else if (deployment.Secured(name, actual) != expected && !DeployedDifferently.Contains(variable))
                {
                    problems.Add($"{name}: {variable} is '{actual}' deployed but '{expected}' in the manifest");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_silos_environment_is_internal_and_the_api_s_public_in_the_same_virtual_network()
    {
        var template = await Bicep.CompileAsync(Path.Combine(BuildInfo.InfraDirectory, "network.bicep"));
        var environments = template["variables"]?["environments"]?.AsArray() ?? [];
        var network = Assert.Single(Bicep.ResourcesOfType(template, "Microsoft.Network/virtualNetworks"));
        var managedEnvironments = Assert.Single(Bicep.ResourcesOfType(template, "Microsoft.App/managedEnvironments"));

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
    public async Task The_api_is_public_over_https_in_its_environment_and_gets_its_key_as_a_secret()
    {
        var deployment = new AzdDeployment(manifest);
        var api = await deployment.ContainerAppAsync("api", Cancellation);
        var configuration = api["properties"]?["configuration"];
        var key = AzdDeployment.Container(api)["env"]?.AsArray()
            .Single(setting => setting?["name"]?.GetValue<string>() == "Ingestion__Api__Key");
        var template = await Bicep.CompileAsync(Path.Combine(BuildInfo.InfraDirectory, "api-app.bicep"));

        Assert.Equal(deployment.Evaluate("{network.outputs.apiEnvironmentId}"), api["properties"]?["environmentId"]?.GetValue<string>());
        Assert.True(configuration?["ingress"]?["external"]?.GetValue<bool>());
        Assert.False(configuration?["ingress"]?["allowInsecure"]?.GetValue<bool>());
        Assert.NotEqual("tcp", configuration?["ingress"]?["transport"]?.GetValue<string>());
        Assert.Equal(deployment.Evaluate("{api.bindings.http.targetPort}"), configuration?["ingress"]?["targetPort"]?.ToString());
        Assert.True(api["properties"]?["template"]?["scale"]?["maxReplicas"]?.GetValue<int>() > 1, "The API is stateless: it may scale out.");
        Assert.Equal("securestring", template["parameters"]?["apiKey"]?["type"]?.GetValue<string>());
        Assert.Null(key?["value"]);
        Assert.NotNull(key?["secretRef"]);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("silo-2")]
    [InlineData("api")]
    public async Task The_probes_are_liveness_on_alive_and_readiness_on_health_on_the_app_s_http_port(string name)
    {
        var deployment = new AzdDeployment(manifest);
        var app = await deployment.ContainerAppAsync(name, Cancellation);
        var container = AzdDeployment.Container(app);
        var probes = (container["probes"]?.AsArray() ?? [])
            .ToDictionary(probe => probe!["type"]!.GetValue<string>(), probe => probe!["httpGet"]!);
        var httpPort = AzdDeployment.Settings(app)["HTTP_PORTS"];

        // Liveness never depends on storage or the cluster: an outage of either must not restart every replica.
        Assert.Equal("/alive", probes["Startup"]["path"]?.GetValue<string>());
        Assert.Equal("/alive", probes["Liveness"]["path"]?.GetValue<string>());
        Assert.Equal("/health", probes["Readiness"]["path"]?.GetValue<string>());
        Assert.All(probes.Values, probe => Assert.Equal(httpPort, probe["port"]?.ToString()));
    }

    /// <summary>
    /// <paramref name="count"/> silos, silo to silo-N: each a <c>project.v1</c> of the silo project whose deployment
    /// creates one Container App in the internal environment with exactly one replica, listening on the container
    /// ports and exposing a port pair no other silo has, which it advertises with the environment's address; all of
    /// them and the API in one cluster.
    /// </summary>
    private static async Task AssertOneClusterOfAsync(AppHostManifest published, int count)
    {
        var deployment = new AzdDeployment(published);
        var silos = deployment.Apps()
            .Where(name => published.Resource(name)["path"]!.GetValue<string>().EndsWith(SiloProjectFile, StringComparison.Ordinal))
            .ToList();
        string[] expected = ["silo", .. Enumerable.Range(2, count - 1).Select(number => $"silo-{number}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), silos.Order(StringComparer.Ordinal));

        var ports = new List<int>();
        var clusters = new HashSet<(string?, string?, string?)>();
        foreach (var name in silos)
        {
            Assert.Equal("project.v1", published.TypeOf(name));
            Assert.Equal(Path.Combine(BuildInfo.InfraDirectory, "silo-app.bicep"), deployment.ModulePath(name));

            var app = await deployment.ContainerAppAsync(name, Cancellation);
            var properties = app["properties"]!;
            var ingress = properties["configuration"]?["ingress"];
            var gateway = Assert.Single(ingress?["additionalPortMappings"]?.AsArray() ?? []);
            var settings = AzdDeployment.Settings(app);
            Assert.Equal(name, app["name"]?.GetValue<string>());
            Assert.Equal(deployment.Evaluate("{network.outputs.siloEnvironmentId}"), properties["environmentId"]?.GetValue<string>());
            Assert.Equal(1, properties["template"]?["scale"]?["minReplicas"]?.GetValue<int>());
            Assert.Equal(1, properties["template"]?["scale"]?["maxReplicas"]?.GetValue<int>());
            Assert.Equal("Single", properties["configuration"]?["activeRevisionsMode"]?.GetValue<string>());
            Assert.True(properties["template"]?["terminationGracePeriodSeconds"]?.GetValue<int>() >= 60);

            // TCP ingress "external" to the environment, which is internal: reachable from the virtual network only.
            Assert.Equal("tcp", ingress?["transport"]?.GetValue<string>());
            Assert.True(ingress?["external"]?.GetValue<bool>());
            Assert.Equal(SiloContainerPort, ingress?["targetPort"]?.GetValue<int>());
            Assert.Equal(GatewayContainerPort, gateway?["targetPort"]?.GetValue<int>());
            var siloPort = ingress!["exposedPort"]!.GetValue<int>();
            var gatewayPort = gateway!["exposedPort"]!.GetValue<int>();
            ports.AddRange([siloPort, gatewayPort]);

            // It advertises the environment's address with its exposed ports, and listens on the container ports.
            Assert.Equal(deployment.Evaluate("{network.outputs.siloStaticIp}"), settings["Orleans__Endpoints__AdvertisedIPAddress"]);
            Assert.Equal(siloPort.ToString(CultureInfo.InvariantCulture), settings["Orleans__Endpoints__SiloPort"]);
            Assert.Equal(gatewayPort.ToString(CultureInfo.InvariantCulture), settings["Orleans__Endpoints__GatewayPort"]);
            Assert.Equal($"0.0.0.0:{SiloContainerPort}", settings["Orleans__Endpoints__SiloListeningEndpoint"]);
            Assert.Equal($"0.0.0.0:{GatewayContainerPort}", settings["Orleans__Endpoints__GatewayListeningEndpoint"]);
            clusters.Add((settings.GetValueOrDefault("Orleans__ClusterId"), settings.GetValueOrDefault("Orleans__ServiceId"), settings.GetValueOrDefault("ConnectionStrings__tables")));
        }

        // Exposed ports are unique across the environment, and Container Apps keeps one for itself.
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.DoesNotContain(Azd.ReservedTcpPort, ports);
        Assert.All(ports, port => Assert.InRange(port, 1024, 65535));

        // One cluster: every silo and the API share the cluster and service IDs and the membership table.
        var api = AzdDeployment.Settings(await deployment.ContainerAppAsync("api", Cancellation));
        clusters.Add((api.GetValueOrDefault("Orleans__ClusterId"), api.GetValueOrDefault("Orleans__ServiceId"), api.GetValueOrDefault("ConnectionStrings__tables")));
        var cluster = Assert.Single(clusters);
        Assert.All(new[] { cluster.Item1, cluster.Item2, cluster.Item3 }, value => Assert.False(string.IsNullOrEmpty(value)));
    }

}
