using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>Picks the plan for a job's source: the one place that tells the kinds of source apart.</summary>
internal static class SourcePlans
{
    public static ISourcePlan For(SourceSpec source) => source switch
    {
        { Kind: SourceKind.Follow } => new FollowPlan(source),
        { UrlsBlob: not null } => new UrlListBlobPlan(source),
        { IsOpenRange: true, Total: not null } => new StatedTotalPlan(source),
        { IsOpenRange: true } => new OpenRangePlan(source),
        _ => new KnownPagesPlan(source),
    };
}
