using Ingestion.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
builder.KeepDashboardBrowserToken();

var storage = builder.AddStorage();
var apiKey = builder.AddApiKey();

var orleans = builder.AddOrleans(ResourceNames.Orleans)
    // Stable across runs so reminders and state kept in Azurite's data folder still belong to the service after a
    // restart.
    .WithServiceId(ResourceNames.Orleans)
    .WithClustering(AzureStorageProviderConfiguration.Tables(storage.Tables))
    .WithGrainStorage(ResourceNames.JobStorage, AzureStorageProviderConfiguration.Blobs(storage.Blobs))
    .WithReminders(AzureStorageProviderConfiguration.Tables(storage.Tables));

if (builder.ExecutionContext.IsRunMode)
{
    // A fresh ClusterId for each local run, so each starts with a fresh membership whatever a previous run left in the
    // table. Aspire would generate one and keep it in the AppHost's user secrets like any generated parameter.
    orleans.WithClusterId($"{ResourceNames.Orleans}-{Guid.NewGuid():N}");
}

// The services have no launchSettings.json: their endpoints are declared here. The cluster has Silos:Count silos (2 by
// default: work is distributed and survives a silo being stopped or lost, locally as deployed); each is a resource of
// its own (silo, silo-2, ...): locally the dashboard can stop and start it, deployed it is a Container App of its own.
var siloCount = SiloCount.From(builder.Configuration);
var silos = Enumerable.Range(1, siloCount)
    .Select(number => builder.AddProject<Projects.Ingestion_Silo>(ResourceNames.SiloNumber(number))
        .WithHttpEndpoint(name: "http")
        .WithReference(orleans)
        .WithoutDevelopmentCertificate()
        .WithHttpHealthCheck("/health"))
    .ToList();
var silo = silos[0];

var apiPort = builder.Configuration.GetValue("Api:Port", 5080);
var api = builder.AddProject<Projects.Ingestion_Api>(ResourceNames.Api)
    // A fixed port, so that http://localhost:5080/api/jobs is the same on every run. Not proxied: Aspire.Hosting.Testing
    // and the Aspire CLI move proxied ports to random ones, which would break that promise.
    .WithHttpEndpoint(port: apiPort, targetPort: apiPort, name: "http", isProxied: false)
    .WithExternalHttpEndpoints()
    .WithReference(orleans.AsClient())
    .WithApiKey(apiKey)
    .WithoutDevelopmentCertificate()
    .WithHttpHealthCheck("/health");

// The API starts once every silo is ready (an active member whose storage answers), so its first answers find the
// whole cluster.
silos.ForEach(each => api.WaitFor(each));

if (storage.Emulator is { } emulator)
{
    silos.ForEach(each => each.WaitFor(emulator));
}

if (builder.ExecutionContext.IsPublishMode)
{
    // Generated once and kept in the azd environment, so the silos and the API of every later deploy join the same
    // cluster.
    var clusterId = builder.AddParameter(ResourceNames.ClusterId, new GenerateParameterDefault { MinLength = 25, Upper = false, Special = false });
    orleans.WithClusterId(clusterId);

    // Telemetry to Application Insights; locally it goes to the dashboard.
    var monitoring = builder.AddAzureMonitoring(ResourceNames.Monitoring, RepositoryRoot.Locate(builder.AppHostDirectory));
    silos.ForEach(each => each.WithAzureMonitoring(monitoring));
    api.WithAzureMonitoring(monitoring);

    // One Container App per silo, each with one replica and its own ports, in an internal environment; the API public.
    var deployment = ContainerAppsDeployment.Add(builder, ResourceNames.Network, monitoring, storage, clusterId, ResourceNames.Orleans);
    for (var number = 1; number <= silos.Count; number++)
    {
        deployment.DeploySilo(silos[number - 1], number);
    }

    deployment.DeployApi(api, apiKey);
}

if (builder.ExecutionContext.IsRunMode)
{
    foreach (var each in silos)
    {
        // Local runs ingest from loopback and private hosts, which the services refuse by default.
        each.WithEnvironment("Ingestion__Outbound__AllowPrivateNetworks", "true");
        // The silos find each other (and the API finds their gateways) on loopback, and listen there alone.
        each.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1");
    }

    api.WithEnvironment("Ingestion__Outbound__AllowPrivateNetworks", "true");

    // Local runs serve the OpenAPI document and the Scalar reference (/scalar) without the key; deployed, the document
    // needs the key and there is no reference page.
    api.WithEnvironment("Ingestion__Api__ExposeApiReference", "true");

    // The Orleans Dashboard (of the whole cluster), linked among the first silo's URLs; never deployed, as it has no
    // authentication.
    silo.WithOrleansDashboard();
}

builder.Build().Run();
