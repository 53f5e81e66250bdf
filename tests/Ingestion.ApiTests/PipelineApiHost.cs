using Ingestion.Testing;
using Microsoft.Extensions.Hosting;

namespace Ingestion.ApiTests;

/// <summary>
/// A cluster of two silos and the API in front of it, both with the settings of <see cref="PipelineCalls.FastSettings"/>,
/// and a client that holds the API key: what the pipeline tests run against.
/// </summary>
internal sealed class PipelineApiHost : IAsyncDisposable
{
    private PipelineApiHost(IngestionTestCluster cluster, ApiHost api, HttpClient client)
    {
        Cluster = cluster;
        Api = api;
        Client = client;
        Calls = new PipelineCalls(client);
    }

    public IngestionTestCluster Cluster { get; }

    public HttpClient Client { get; }

    public PipelineCalls Calls { get; }

    private ApiHost Api { get; }

    public static async Task<PipelineApiHost> StartAsync(CancellationToken cancellationToken)
    {
        var builder = new IngestionTestClusterBuilder(silos: 2).AllowPrivateNetworks().WithFastPeriods();
        var settings = ApiEnvironment.ApiSettings();
        foreach (var (key, value) in PipelineCalls.FastSettings)
        {
            builder.WithSetting(key, value);
            settings[key] = value;
        }

        var cluster = await builder.StartAsync(cancellationToken);
        var api = new ApiHost(Environments.Development, settings, cluster.Client);
        var client = new HttpClient { BaseAddress = api.Start() };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);
        return new PipelineApiHost(cluster, api, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
