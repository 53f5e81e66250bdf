using Ingestion.Grains;
using Ingestion.Grains.Pages;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Ingestion.IntegrationTests;

/// <summary>The page path's grain references are the ones Orleans makes by key, and reach the same activations.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PagePathReferencesTests(SharedCluster shared)
{
    [Fact]
    public async Task A_page_and_a_job_reference_are_those_GetGrain_makes_and_their_calls_reach_the_grains()
    {
        var references = shared.Cluster.Silos[0].ServiceProvider.GetRequiredService<PagePathReferences>();
        var jobId = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();

        Assert.Equal(shared.Grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(jobId, 7)), references.Page(jobId, 7));
        // One grain fetches pages 1 to 16, the next 17 to 32.
        Assert.Equal(references.Page(jobId, 16), references.Page(jobId, 7));
        // Kept: the page path does not build a new proxy for every page.
        Assert.Same(references.Page(jobId, 16), references.Page(jobId, 7));
        Assert.Same(references.Job(jobId), references.Job(jobId));
        Assert.NotEqual(shared.Grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(jobId, 17)), references.Page(jobId, 7));
        Assert.NotEqual(references.Page(other, 7), references.Page(jobId, 7));
        Assert.Equal(shared.Grains.GetGrain<IIngestionJobGrain>(jobId), references.Job(jobId));
        Assert.NotEqual(shared.Grains.GetGrain<IIngestionJobGrain>(other), references.Job(jobId));
        Assert.Equal(InterfaceOf(shared.Grains.GetGrain<IPageFetchGrain>("any")), InterfaceOf(references.Page(jobId, 7)));
        Assert.Equal(InterfaceOf(shared.Grains.GetGrain<IIngestionJobGrain>(other)), InterfaceOf(references.Job(jobId)));

        // No job has this id: the job grain says so, through either reference.
        Assert.Null(await references.Job(jobId).GetView());
        Assert.False(await references.Job(jobId).IsPageWanted(7));
    }

    private static GrainInterfaceType InterfaceOf(IAddressable grain) => ((GrainReference)grain).InterfaceType;
}
