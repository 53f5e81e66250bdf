using Orleans.Runtime;

namespace Ingestion.Grains.Pages;

/// <summary>
/// The grain references a page's path makes (the job's to its page grain, the page grain's back to its
/// job), made from the grain types worked out once. Orleans' <c>GetGrain&lt;T&gt;(key)</c> works the interface's grain
/// type out from its type name on every call, formatting and parsing the name: on a path that makes two references per
/// page, that was a measurable share of a page's CPU and allocations.
/// </summary>
public sealed class PagePathReferences(IGrainFactory grains)
{
    private readonly Lazy<GrainTypes> _pages = new(() => GrainTypes.Of(grains.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(Guid.Empty, 0))));
    private readonly Lazy<GrainTypes> _jobs = new(() => GrainTypes.Of(grains.GetGrain<IIngestionJobGrain>(Guid.Empty)));

    /// <summary>
    /// The grain that fetches this page: the same reference as <c>GetGrain&lt;IPageFetchGrain&gt;(IPageFetchGrain.KeyFor(jobId, page))</c>.
    /// </summary>
    public IPageFetchGrain Page(Guid jobId, int page) =>
        (IPageFetchGrain)grains.GetGrain(GrainId.Create(_pages.Value.Grain, IPageFetchGrain.KeyFor(jobId, page)), _pages.Value.Interface);

    /// <summary>The same reference as <c>GetGrain&lt;IIngestionJobGrain&gt;(jobId)</c>.</summary>
    public IIngestionJobGrain Job(Guid jobId) =>
        (IIngestionJobGrain)grains.GetGrain(GrainId.Create(_jobs.Value.Grain, GrainIdKeyExtensions.CreateGuidKey(jobId)), _jobs.Value.Interface);

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface)
    {
        public static GrainTypes Of(IAddressable sample) =>
            new(sample.GetGrainId().Type, ((GrainReference)sample).InterfaceType);
    }
}
