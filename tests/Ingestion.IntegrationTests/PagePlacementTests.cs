using Ingestion.Grains;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>One job's pages are fetched on every silo of the cluster, not only on the job's.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PagePlacementTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jobs_pages_in_flight_are_spread_over_the_silos()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        upstream.GlobalDelay = TimeSpan.FromSeconds(1);
        var spec = Specs.Range(upstream, pages: 32, concurrency: 16);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForAsync(id, view => view.Pages.InFlight == 16, TimeSpan.FromSeconds(30));

        var silosOfPages = Enumerable.Range(1, 16)
            .Select(page => cluster.Grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(id, page)))
            .Select(grain => cluster.Cluster.Silos.FirstOrDefault(silo => cluster.Hosts(silo, grain))?.SiloAddress)
            .OfType<object>()
            .Distinct()
            .Count();

        // Random over two silos: all sixteen on one has odds of 1 in 32,768.
        Assert.Equal(2, silosOfPages);
        await cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(60));
    }
}
