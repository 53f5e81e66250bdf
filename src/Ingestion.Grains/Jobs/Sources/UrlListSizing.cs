using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// Counts a job's URL list (for a source that is one) once, as a stream, so that the job knows its size; a missing list is the job's failure, said
/// at once, and an empty one an empty source.
/// </summary>
public sealed class UrlListSizing(UrlListReader urlLists)
{
    internal async Task SizeAsync(JobState job, CancellationToken cancellationToken)
    {
        var spec = job.Spec!;
        if (spec.Source.UrlsBlob is not { } list)
        {
            // Not a list in a blob: its size is in the spec, or found by fetching.
            return;
        }

        var count = await urlLists.CountAsync(list, cancellationToken);
        if (count is null)
        {
            job.Status = JobStatus.Failed;
            job.StopCause = JobStopCause.UrlListMissing;
            job.Error = $"The URL list {list.Container}/{list.Name} does not exist.";
        }

        job.KnownEnd = Math.Min(count ?? 0, spec.MaxPages);
        job.EndFound = count is not null;
        job.Truncated = count > spec.MaxPages;
        job.EndReason = count switch
        {
            0 => $"The URL list {list.Container}/{list.Name} holds no URLs.",
            _ when job.Truncated => $"The URL list holds {count} URLs; maxPages ({spec.MaxPages}) stops the job there.",
            _ => null,
        };
    }
}
