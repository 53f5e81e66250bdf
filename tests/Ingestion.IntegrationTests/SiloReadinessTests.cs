using System.Collections.Immutable;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Ingestion.Silo;
using Ingestion.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Ingestion.IntegrationTests;

/// <summary>A silo's /health (readiness): an active member of the cluster whose storage answers, and nothing less.</summary>
public sealed class SiloReadinessTests
{
    private static readonly string Unreachable =
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_that_joined_is_ready_not_while_storage_is_down_and_again_once_it_is_back()
    {
        await using var cluster = new IngestionCluster(silos: 1);
        await cluster.InitializeAsync();
        var health = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<HealthCheckService>();

        var joined = await health.CheckHealthAsync(Cancellation);
        await cluster.Azurite.StopAsync(Cancellation);
        var storageDown = await health.CheckHealthAsync(Cancellation);
        await cluster.Azurite.StartAsync(Cancellation);
        var storageBack = await health.CheckHealthAsync(Cancellation);

        Assert.Equal(HealthStatus.Healthy, joined.Entries[SiloReadinessCheck.Name].Status);
        Assert.Equal(HealthStatus.Unhealthy, storageDown.Entries[SiloReadinessCheck.Name].Status);
        Assert.Equal("Storage does not answer.", storageDown.Entries[SiloReadinessCheck.Name].Description);
        Assert.Equal(HealthStatus.Healthy, storageBack.Entries[SiloReadinessCheck.Name].Status);
    }

    [Theory]
    [InlineData(SiloStatus.Created)]
    [InlineData(SiloStatus.Joining)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Dead)]
    public async Task A_silo_that_is_not_an_active_member_is_not_ready(SiloStatus status)
    {
        var self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
        // Storage that would not answer: the check must say no before it asks.
        var check = new SiloReadinessCheck(
            new OneSnapshot(self, status),
            new LocalSilo(self),
            new BlobServiceClient($"{Unreachable};BlobEndpoint=http://127.0.0.1:9/{AzuriteInstance.AccountName};"),
            new TableServiceClient($"{Unreachable};TableEndpoint=http://127.0.0.1:9/{AzuriteInstance.AccountName};"));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Cancellation);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"The silo is {status}, not an active member of the cluster.", result.Description);
    }

    private sealed class OneSnapshot(SiloAddress silo, SiloStatus status) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; } = new(
            ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(silo, new ClusterMember(silo, status, "self")), new MembershipVersion(1));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }

    private sealed class LocalSilo(SiloAddress silo) : ILocalSiloDetails
    {
        public string Name => "self";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => silo;

        public SiloAddress GatewayAddress => silo;
    }
}
