using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs;

/// <summary>A job as its owner sees it, from its saved state and, while it runs, its live tally and throughput.</summary>
internal static class JobViews
{
    /// <param name="shown">
    /// The status, error and end time to show instead of the state's while a change of them is being saved, so that
    /// the view only ever shows what has been saved.
    /// </param>
    public static JobView Of(
        Guid id,
        JobState job,
        PageTally? tally,
        ThroughputMeter? meter,
        (JobStatus Status, string? Error, DateTimeOffset? CompletedAt)? shown,
        Ingestion.Records.RecordsProgress? records,
        DateTimeOffset now)
    {
        var spec = job.Spec ?? throw new InvalidOperationException("The job has no spec.");
        var destination = job.Destination ?? spec.Destination;
        var (status, error, completedAt) = shown ?? (job.Status, job.Error, job.CompletedAt);
        if (completedAt is null && status.IsFinished())
        {
            // A stop is decided but its manifest not yet written (pages are being cancelled, or storage is down): the job
            // is shown ended only once it can be read back, so whoever sees it ended can read its manifest at once.
            (status, error) = (JobStatus.Running, null);
        }

        var total = job.KnownEnd ?? job.Succeeded + job.Failed + job.Unchanged;
        var ended = job.Succeeded + job.Failed + job.Unchanged;
        var counts = tally?.Counts(now)
            ?? (status == JobStatus.Running
                ? new PageCounts(total, job.Succeeded, job.Failed, 0, 0, total - ended, 0, job.KnownEnd is not null, job.Unchanged)
                : new PageCounts(total, job.Succeeded, job.Failed, 0, 0, 0, total - ended, Unchanged: job.Unchanged));
        return new JobView
        {
            Id = id,
            Name = spec.Name,
            Status = status,
            CreatedAt = job.CreatedAt,
            CompletedAt = completedAt,
            Destination = destination,
            ManifestBlob = destination.ManifestBlobName,
            Bytes = tally?.Bytes ?? job.Bytes,
            Pages = counts,
            Error = error,
            Spec = spec,
            Progress = status == JobStatus.Running && meter is not null ? Progress(counts, meter, now) : null,
            EndReason = job.EndReason,
            Truncated = job.Truncated,
            SupersededBy = job.SupersededBy,
            SupersededAt = job.SupersededAt,
            Replaced = job.Replaced,
            Retries = job.Round,
            PipelineId = spec.Run?.PipelineId,
            RunNumber = spec.Run?.RunNumber,
            WatermarkTo = job.WatermarkTo,
            Records = records,
        };
    }

    private static JobProgress Progress(PageCounts counts, ThroughputMeter meter, DateTimeOffset now)
    {
        var (pagesPerSecond, bytesPerSecond) = meter.Rates();
        var ended = counts.Succeeded + counts.Unchanged + counts.Failed + counts.Cancelled;
        var left = counts.Total - ended;
        double? eta = pagesPerSecond > 0 && counts.TotalKnown ? left / pagesPerSecond : null;
        return new JobProgress
        {
            PagesPerSecond = Math.Round(pagesPerSecond, 2),
            BytesPerSecond = Math.Round(bytesPerSecond),
            EtaSeconds = eta is { } seconds ? Math.Round(seconds, 1) : null,
            EstimatedCompletionAt = eta is { } due ? now.AddSeconds(due) : null,
            Fraction = counts.TotalKnown && counts.Total > 0 ? Math.Round((double)ended / counts.Total, 4) : null,
        };
    }
}
