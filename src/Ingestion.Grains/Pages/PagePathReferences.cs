using Orleans.Runtime;

namespace Ingestion.Grains.Pages;

/// <summary>
/// The grain references a page's path makes (the job's to its page grain, the page grain's back to its
/// job and to the job's records), made from the grain types worked out once. Orleans' <c>GetGrain&lt;T&gt;(key)</c> works the interface's grain
/// type out from its type name on every call, formatting and parsing the name, and builds a new proxy (with a copier for
/// every array its methods take) each time: on a path that makes two references per page, that was a measurable share of
/// a page's CPU and allocations. So the types are worked out once, and the references of the blocks and jobs at work
/// are kept (<see cref="RecentReferences{TKey, TReference}"/>).
/// </summary>
public sealed class PagePathReferences(IGrainFactory grains)
{
    // Enough for the blocks of every job that a silo runs at once (a job has at most a few hundred pages under way).
    private const int KeptPageGrains = 4096;
    private const int KeptJobGrains = 1024;

    private readonly IGrainFactory _grains = grains;
    private readonly Lazy<GrainTypes> _pages = new(() => GrainTypes.Of(grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(Guid.Empty, 0))));
    private readonly Lazy<GrainTypes> _jobs = new(() => GrainTypes.Of(grains.GetGrain<IIngestionJobGrain>(Guid.Empty)));
    private readonly RecentReferences<(Guid Job, int FirstPage), IPageFetchGrain> _pageGrains = new(KeptPageGrains);
    private readonly RecentReferences<Guid, IIngestionJobGrain> _jobGrains = new(KeptJobGrains);
    private readonly RecentReferences<Guid, IJobRecordsGrain> _recordsGrains = new(KeptJobGrains);

    /// <summary>
    /// The grain that fetches this page: the same reference as <c>GetGrain&lt;IPageFetchGrain&gt;(IPageFetchGrain.KeyFor(jobId, page))</c>.
    /// </summary>
    public IPageFetchGrain Page(Guid jobId, int page) =>
        _pageGrains.Get((jobId, IPageFetchGrain.FirstOfBlock(page)), this, static (block, self) =>
            (IPageFetchGrain)self._grains.GetGrain(
                GrainId.Create(self._pages.Value.Grain, IPageFetchGrain.KeyFor(block.Job, block.FirstPage)), self._pages.Value.Interface));

    /// <summary>The same reference as <c>GetGrain&lt;IIngestionJobGrain&gt;(jobId)</c>.</summary>
    public IIngestionJobGrain Job(Guid jobId) =>
        _jobGrains.Get(jobId, this, static (job, self) =>
            (IIngestionJobGrain)self._grains.GetGrain(
                GrainId.Create(self._jobs.Value.Grain, GrainIdKeyExtensions.CreateGuidKey(job)), self._jobs.Value.Interface));

    /// <summary>The job's records grain, which a stored page offers its body to: <c>GetGrain&lt;IJobRecordsGrain&gt;(jobId)</c>.</summary>
    public IJobRecordsGrain Records(Guid jobId) =>
        _recordsGrains.Get(jobId, _grains, static (job, grains) => grains.GetGrain<IJobRecordsGrain>(job));

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface)
    {
        public static GrainTypes Of(IAddressable sample) =>
            new(sample.GetGrainId().Type, ((GrainReference)sample).InterfaceType);
    }
}
