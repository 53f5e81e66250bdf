using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class JobLifecycleTests(SharedCluster cluster)
{
    [Fact]
    public async Task An_unknown_job_has_no_view_and_no_pages()
    {
        var job = cluster.Job(Guid.NewGuid());

        Assert.Null(await job.GetView());
        Assert.Null(await job.ListPagesAsync(null, 0, 10));
    }

    [Fact]
    public async Task Starting_a_job_twice_returns_the_first_job_and_fetches_nothing_again()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var spec = Specs.Range(upstream, pages: 5);
        var id = Guid.CreateVersion7();
        await cluster.Job(id).StartAsync(spec);
        await cluster.WaitForEndAsync(id, TimeSpan.FromSeconds(30));

        var again = await cluster.Job(id).StartAsync(spec with { Name = "another" });

        Assert.Null(again.Name);
        Assert.Equal(JobStatus.Completed, again.Status);
        Assert.Equal(5, upstream.TotalRequests);
    }

    [Fact]
    public async Task A_finished_job_survives_deactivation_with_its_counts_and_page_list()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(4, 404);
        var spec = Specs.Range(upstream, pages: 12) with { Name = "survivor" };
        var finished = await cluster.RunAsync(spec);

        await cluster.Cluster.DeactivateAsync(cluster.Job(finished.Id));
        var view = await cluster.Job(finished.Id).GetView();
        var failed = await cluster.Job(finished.Id).ListPagesAsync(PageStatus.Failed, 0, 10);
        var all = await cluster.Job(finished.Id).ListPagesAsync(null, 10, 5);

        Assert.NotNull(view);
        Assert.Equal("survivor", view.Name);
        Assert.Equal(JobStatus.CompletedWithErrors, view.Status);
        Assert.Equal(new PageCounts(12, 11, 1, 0, 0, 0), view.Pages);
        Assert.Equal(finished.Bytes, view.Bytes);
        Assert.Equal(finished.CompletedAt, view.CompletedAt);
        Assert.Equal(4, Assert.Single(failed!.Items).Page);
        Assert.Equal(12, all!.Total);
        Assert.Equal([11, 12], all.Items.Select(page => page.Page));
        Assert.All(all.Items, page => Assert.NotNull(page.Sha256));
    }

    [Fact]
    public async Task Pages_are_listed_by_status_with_skip_and_take()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        upstream.Fail(2, 404).Fail(4, 404).Fail(6, 404);
        var job = await cluster.RunAsync(Specs.Range(upstream, pages: 20));

        var succeeded = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Succeeded, 2, 3))!;
        var failed = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 1, 10))!;
        var pending = (await cluster.Job(job.Id).ListPagesAsync(PageStatus.Pending, 0, 10))!;

        Assert.Equal(17, succeeded.Total);
        Assert.Equal([5, 7, 8], succeeded.Items.Select(page => page.Page));
        Assert.Equal(3, failed.Total);
        Assert.Equal([4, 6], failed.Items.Select(page => page.Page));
        Assert.Equal(0, pending.Total);
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_with_their_status()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(TestContext.Current.CancellationToken);
        var first = await cluster.RunAsync(Specs.Range(upstream, pages: 1) with { Name = "first" });
        var second = await cluster.RunAsync(Specs.Range(upstream, pages: 1) with { Name = "second" });

        var jobs = await cluster.Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).List(1000, null);

        var ours = jobs!.Items.Where(job => job.Id == first.Id || job.Id == second.Id).ToList();
        Assert.Equal([second.Id, first.Id], ours.Select(job => job.Id));
        Assert.All(ours, job => Assert.Equal(JobStatus.Completed, job.Status));
        Assert.All(ours, job => Assert.NotNull(job.CompletedAt));
    }
}
