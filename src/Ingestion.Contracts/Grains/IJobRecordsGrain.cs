using Ingestion.Records;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>
/// Writes one job's records (keyed by the job's id): it folds the job's stored pages, in page order, into record files
/// while the job runs, and commits the last ones when every page has ended.
/// </summary>
[Alias("Ingestion.IJobRecordsGrain")]
public interface IJobRecordsGrain : IGrainWithGuidKey
{
    /// <summary>Keeps the records going (the job calls it as it starts, resumes, and at each checkpoint): after a silo's death, this brings them back.</summary>
    [Alias("Keep"), OneWay]
    Task Keep(RecordsAssignment assignment);

    /// <summary>The records of <paramref name="round"/> once every file is committed; null while they are still being written.</summary>
    /// <summary>A stored page's body, from its fetch grain: folded from memory, not read back, if it comes in time and fits.</summary>
    [Alias("Offer"), OneWay]
    Task Offer(OfferedPage page);

    [Alias("Complete")]
    Task<RecordsSummary?> Complete(RecordsAssignment assignment, int round);

    /// <summary>The records so far: the files committed, the schema, the warnings and the pages whose records could not be read.</summary>
    [Alias("Describe"), AlwaysInterleave]
    Task<RecordsSummary> Describe(RecordsAssignment assignment);
}
