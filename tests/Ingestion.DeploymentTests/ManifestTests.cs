using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.DeploymentTests;

/// <summary>
/// The manifest that <c>azd up</c> reads, checked against what azd accepts: the resource types, the references between
/// resources, the ingress of each Container App, and storage reached by endpoint with the managed identity.
/// </summary>
public sealed partial class ManifestTests(AppHostManifest manifest)
{
    [Fact]
    public void Every_resource_is_of_a_type_azd_accepts()
    {
        var unsupported = manifest.Resources
            .Select(resource => (resource.Key, Type: manifest.TypeOf(resource.Key)))
            .Where(resource => !Azd.SupportedResourceTypes.Contains(resource.Type))
            .Select(resource => $"{resource.Key}: '{resource.Type}'");

        Assert.Empty(unsupported);
    }

    [Fact]
    public void It_describes_the_storage_account_the_silo_and_the_api()
    {
        Assert.Equal("azure.bicep.v0", manifest.TypeOf("storage"));
        Assert.Equal("value.v0", manifest.TypeOf("blobs"));
        Assert.Equal("value.v0", manifest.TypeOf("tables"));
        // v1: deployed with a Bicep module of their own (ClusterDeploymentTests).
        Assert.Equal("project.v1", manifest.TypeOf("silo"));
        Assert.Equal("project.v1", manifest.TypeOf("api"));
        Assert.Equal("parameter.v0", manifest.TypeOf("api-key"));
    }

    [Fact]
    public async Task Every_reference_names_a_resource_of_the_manifest_and_a_property_it_has()
    {
        var references = ManifestExpressions.AllReferences(manifest.Resources).ToList();
        var problems = new List<string>();
        foreach (var reference in references)
        {
            if (await ProblemWithAsync(reference) is { } problem)
            {
                problems.Add($"{reference.Location}: {reference.Text}: {problem}");
            }
        }

        Assert.NotEmpty(references);
        Assert.Empty(problems);
    }

    [Fact]
    public void Nothing_in_it_runs_locally_no_executable_no_emulator_no_development_key()
    {
        string[] localOnly = ["azurite", "devstoreaccount1", "UseDevelopmentStorage", "AccountKey", "SharedAccessSignature", "127.0.0.1", "localhost"];

        var executables = manifest.Resources.Where(resource => manifest.TypeOf(resource.Key).StartsWith("executable", StringComparison.Ordinal));
        var localNames = manifest.Resources.Where(resource => resource.Key.Contains("azurite", StringComparison.OrdinalIgnoreCase));
        var localValues = ManifestExpressions.AllStrings(manifest.Resources)
            .Where(item => localOnly.Any(word => item.Value.Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(item => $"{item.Location}: {item.Value}");

        Assert.Empty(executables);
        Assert.Empty(localNames);
        Assert.Empty(localValues);
    }

    [Theory]
    [InlineData("silo", "blobs", "blobEndpoint", "primaryEndpoints.blob")]
    [InlineData("silo", "tables", "tableEndpoint", "primaryEndpoints.table")]
    [InlineData("api", "tables", "tableEndpoint", "primaryEndpoints.table")]
    public async Task A_service_reaches_storage_by_an_endpoint_that_the_storage_module_outputs(
        string service, string connection, string output, string endpointProperty)
    {
        var value = manifest.EnvValue(service, $"ConnectionStrings__{connection}");
        Assert.NotNull(value);

        // {blobs.connectionString} -> {storage.outputs.blobEndpoint}: nothing but the output, no key beside it.
        Assert.Equal($"{{storage.outputs.{output}}}", manifest.Expand(value));

        var template = await CompiledTemplateOfAsync("storage");
        var declared = template["outputs"]?[output];
        Assert.NotNull(declared);
        Assert.Equal("string", declared["type"]?.GetValue<string>());
        Assert.Contains(endpointProperty, declared["value"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public async Task A_service_exports_its_telemetry_to_the_application_insights_that_the_monitoring_module_outputs(string service)
    {
        Assert.Equal("azure.bicep.v0", manifest.TypeOf("monitoring"));
        Assert.Equal("{monitoring.outputs.connectionString}", manifest.EnvValue(service, "APPLICATIONINSIGHTS_CONNECTION_STRING"));

        var template = await CompiledTemplateOfAsync("monitoring");
        var declared = template["outputs"]?["connectionString"];
        Assert.NotNull(declared);
        Assert.Contains("ConnectionString", declared["value"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bicep_module_is_a_self_contained_file_of_infra_given_all_it_needs_by_azd()
    {
        var modules = manifest.NamesOfType(Azd.BicepResourceTypes).ToList();
        Assert.NotEmpty(modules);

        foreach (var name in modules)
        {
            var module = manifest.Resource(name);
            var path = manifest.ResolvePath(module["path"]!.GetValue<string>());
            Assert.True(File.Exists(path), $"{name}: {path} does not exist.");
            Assert.Equal(BuildInfo.InfraDirectory, Path.GetDirectoryName(path));

            // azd copies the one file it is given, so a module of a neighbouring file would be missing.
            Assert.DoesNotMatch(LocalModule(), await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

            var parameters = module["params"]?.AsObject() ?? [];
            var template = await CompiledTemplateOfAsync(name);
            var declared = template["parameters"]?.AsObject() ?? [];

            Assert.DoesNotContain(Azd.AppHostOwnsComputeParameter, parameters.Select(parameter => parameter.Key));
            foreach (var (parameter, value) in parameters)
            {
                Assert.True(declared.ContainsKey(parameter), $"{name}: the template has no parameter '{parameter}'.");
                if (value is JsonValue text && text.TryGetValue<string>(out var given) && given.Length == 0)
                {
                    Assert.True(
                        Azd.InjectedBicepParameters.Contains(parameter),
                        $"{name}: '{parameter}' is empty and azd does not fill it in.");
                }
            }

            var missing = declared
                .Where(parameter => parameter.Value?["defaultValue"] is null)
                .Select(parameter => parameter.Key)
                .Where(parameter => parameter != Azd.LocationParameter && !parameters.ContainsKey(parameter));
            Assert.Empty(missing);
        }
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    public void A_service_s_clustering_is_azure_table_storage_under_the_tables_connection(string service)
    {
        Assert.Equal("AzureTableStorage", manifest.EnvValue(service, "Orleans__Clustering__ProviderType"));
        Assert.Equal("tables", manifest.EnvValue(service, "Orleans__Clustering__ServiceKey"));
        Assert.NotNull(manifest.EnvValue(service, "ConnectionStrings__tables"));
    }

    [Fact]
    public void The_silo_keeps_reminders_in_tables_and_job_state_in_blobs()
    {
        Assert.Equal("AzureTableStorage", manifest.EnvValue("silo", "Orleans__Reminders__ProviderType"));
        Assert.Equal("tables", manifest.EnvValue("silo", "Orleans__Reminders__ServiceKey"));
        Assert.Equal("AzureBlobStorage", manifest.EnvValue("silo", "Orleans__GrainStorage__jobs__ProviderType"));
        Assert.Equal("blobs", manifest.EnvValue("silo", "Orleans__GrainStorage__jobs__ServiceKey"));
        Assert.NotNull(manifest.EnvValue("silo", "ConnectionStrings__blobs"));
    }

    [Theory]
    [InlineData("Orleans__ClusterId")]
    [InlineData("Orleans__ServiceId")]
    [InlineData("Orleans__Clustering__ProviderType")]
    [InlineData("Orleans__Clustering__ServiceKey")]
    [InlineData("ConnectionStrings__tables")]
    public void The_api_looks_for_gateways_in_the_membership_table_the_silo_writes_to(string variable)
    {
        var silo = manifest.EnvValue("silo", variable);

        Assert.NotNull(silo);
        Assert.Equal(silo, manifest.EnvValue("api", variable));
    }

    [Theory]
    [InlineData("orleans-silo", "Orleans__Endpoints__SiloPort", 11111)]
    [InlineData("orleans-gateway", "Orleans__Endpoints__GatewayPort", 30000)]
    public void The_silo_listens_on_the_container_port_the_orleans_docs_give_for_container_apps(
        string binding, string variable, int port)
    {
        var endpoint = manifest.Resource("silo")["bindings"]?[binding];

        Assert.NotNull(endpoint);
        Assert.Equal("tcp", endpoint["scheme"]?.GetValue<string>());
        Assert.Equal(port, endpoint["targetPort"]?.GetValue<int>());
        Assert.NotEqual(Azd.ReservedTcpPort, port);
        Assert.False(endpoint["external"]?.GetValue<bool>() ?? false, "Silo and gateway ports must not face the internet.");
        Assert.Equal($"{{silo.bindings.{binding}.targetPort}}", manifest.EnvValue("silo", variable));
    }

    [Fact]
    public void Only_the_api_faces_the_internet()
    {
        var external = manifest.Resources
            .SelectMany(resource => (resource.Value?["bindings"]?.AsObject() ?? [])
                .Where(binding => binding.Value?["external"]?.GetValue<bool>() == true)
                .Select(binding => $"{resource.Key}.{binding.Key}"));

        Assert.Equal(["api.http"], external);
    }

    [Fact]
    public void Every_project_s_bindings_fit_one_container_apps_ingress()
    {
        var problems = manifest.NamesOfType(Azd.ProjectResourceTypes)
            .SelectMany(name => IngressProblems(name, manifest.Resource(name)["bindings"]?.AsObject() ?? []));

        Assert.Empty(problems);
    }

    [Fact]
    public void The_api_key_is_a_secret_parameter_that_azd_asks_for_and_only_the_api_gets()
    {
        var input = manifest.Resource("api-key")["inputs"]?["value"];

        Assert.NotNull(input);
        Assert.True(input["secret"]?.GetValue<bool>());
        Assert.Null(input["default"]);
        Assert.Equal("{api-key.value}", manifest.EnvValue("api", "Ingestion__Api__Key"));
        Assert.DoesNotContain(manifest.Env("silo"), variable => variable.Value?.ToString().Contains("{api-key.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Every_project_path_is_a_project_of_the_repository()
    {
        foreach (var name in manifest.NamesOfType(Azd.ProjectResourceTypes))
        {
            var path = manifest.ResolvePath(manifest.Resource(name)["path"]!.GetValue<string>());

            Assert.True(File.Exists(path), $"{name}: {path} does not exist.");
            Assert.StartsWith(Path.Combine(BuildInfo.RepositoryRoot, "src") + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        }
    }

    /// <summary>azd's evaluation of a reference (generate.go, evalBindingRef): what it would fail on.</summary>
    private async Task<string?> ProblemWithAsync(ManifestReference reference)
    {
        if (reference.Resource.Length == 0)
        {
            return reference.Property is ["outputs", var generated] && Azd.GeneratedOutputs.Contains(generated)
                ? null
                : "azd generates no such output";
        }

        if (manifest.Resources[reference.Resource] is not JsonObject target)
        {
            return "no such resource in the manifest";
        }

        var type = target["type"]?.GetValue<string>() ?? "";
        switch (reference.Property)
        {
            case ["connectionString"]:
                return target.ContainsKey("connectionString") ? null : $"{type} has no connectionString";
            case ["value"]:
                return type is "parameter.v0" or "value.v0" && target.ContainsKey("value") ? null : $"{type} has no value";
            case ["inputs", var input]:
                return target["inputs"]?[input] is not null ? null : $"no input '{input}'";
            case [var property] when Azd.ProjectProperties.Contains(property):
                return Azd.ProjectResourceTypes.Contains(type) ? null : $"{type} has no {property}";
            case ["bindings", var binding, var property]:
                if (target["bindings"]?[binding] is null)
                {
                    return $"no binding '{binding}'";
                }

                return Azd.BindingProperties.Contains(property) ? null : $"azd knows no binding property '{property}'";
            case ["outputs", var output]:
                if (!Azd.BicepResourceTypes.Contains(type))
                {
                    return $"{type} has no outputs";
                }

                var template = await CompiledTemplateOfAsync(reference.Resource);
                return template["outputs"]?[output] is not null ? null : $"the template has no output '{output}'";
            default:
                return $"azd does not resolve this property of a {type}";
        }
    }

    /// <summary>azd's mapping of bindings to Container Apps ingress (aca_ingress.go), as checks.</summary>
    private static IEnumerable<string> IngressProblems(string resource, JsonObject bindings)
    {
        var groups = new Dictionary<string, List<(string Name, JsonNode Binding)>>(StringComparer.Ordinal);
        foreach (var (name, binding) in bindings)
        {
            var scheme = binding?["scheme"]?.GetValue<string>();
            var targetPort = binding?["targetPort"]?.GetValue<int>();
            if (scheme == "tcp" && targetPort is null)
            {
                yield return $"{resource}.{name}: a tcp binding needs a targetPort";
            }

            if (targetPort == Azd.ReservedTcpPort)
            {
                yield return $"{resource}.{name}: port {Azd.ReservedTcpPort} is reserved by Container Apps";
            }

            var key = targetPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default";
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add((name, binding!));
        }

        static bool IsHttp(JsonNode binding) => binding["scheme"]?.GetValue<string>() is "http" or "https";
        static bool IsExternal(JsonNode binding) => binding["external"]?.GetValue<bool>() == true;

        var externalGroups = groups.Values.Where(group => group.Any(item => IsExternal(item.Binding))).ToList();
        if (externalGroups.Count > 1)
        {
            yield return $"{resource}: more than one external endpoint";
        }

        foreach (var group in externalGroups.Where(group => !group.All(item => IsHttp(item.Binding))))
        {
            yield return $"{resource}: external non-http endpoint {string.Join(", ", group.Select(item => item.Name))}";
        }

        // The main ingress: the one http group, else the external one, else the first declared.
        var httpGroups = groups.Values.Where(group => group.All(item => IsHttp(item.Binding))).ToList();
        var mainIngress = httpGroups.Count == 1
            ? httpGroups[0]
            : httpGroups.FirstOrDefault(group => group.Any(item => IsExternal(item.Binding))) ?? httpGroups.FirstOrDefault() ?? [];
        foreach (var (name, binding) in mainIngress)
        {
            var port = binding["port"]?.GetValue<int>();
            var scheme = binding["scheme"]!.GetValue<string>();
            if (port is not null && port != (scheme == "https" ? 443 : 80))
            {
                yield return $"{resource}.{name}: the main ingress only takes port 80 (http) or 443 (https), not {port}";
            }
        }

        var additional = groups.Count - (httpGroups.Count > 0 ? 1 : 0);
        if (additional > Azd.MaxAdditionalPorts)
        {
            yield return $"{resource}: {additional} additional ports, more than Container Apps allows";
        }
    }

    private Task<JsonObject> CompiledTemplateOfAsync(string bicepResource) =>
        Bicep.CompileAsync(manifest.ResolvePath(manifest.Resource(bicepResource)["path"]!.GetValue<string>()));

    [GeneratedRegex(@"(?m)^\s*module\s+\w+\s+'(?!br[:/]|ts[:/])")]
    private static partial Regex LocalModule();
}
