using Ingestion.Jobs;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>What the job grain logs, each line naming the job.</summary>
internal static partial class JobLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {Pages} pages (empty while the source's end is unknown), concurrency {Concurrency}")]
    public static partial void Started(ILogger logger, Guid jobId, int? pages, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was running when its grain last stopped; resuming")]
    public static partial void Resuming(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} restored: {Succeeded} pages stored, {Unchanged} unchanged and {Failed} failed of {Total}")]
    public static partial void Restored(ILogger logger, Guid jobId, int succeeded, int unchanged, int failed, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Pages} pages from page {Page} on could not be handed to their fetch grain; the watchdog will retry")]
    public static partial void HandOverFailed(ILogger logger, Exception exception, Guid jobId, int page, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Pages} pages from page {Page} on could not be cancelled")]
    public static partial void CancelFailed(ILogger logger, Exception exception, Guid jobId, int page, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopping as {Status}: {Reason}")]
    public static partial void Stopping(ILogger logger, Guid jobId, JobStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: finishing failed; will try again")]
    public static partial void FinishFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: saving its progress on the way out failed; the next activation fetches its unsaved failures again")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its watchdog reminder could not be registered; will try again")]
    public static partial void WatchdogFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the job list could not be updated")]
    public static partial void IndexFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its watchdog reminder could not be removed")]
    public static partial void WatchdogRemovalFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} refused: its prefix {Container}/{Prefix} belongs to job {Owner}")]
    public static partial void PrefixRefused(ILogger logger, Guid jobId, string container, string prefix, Guid? owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is superseded: job {By} replaced its data")]
    public static partial void Superseded(ILogger logger, Guid jobId, Guid by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the jobs it replaces could not all be told so; will try again")]
    public static partial void SupersedeFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: fetching again what it did not store (round {Round}; {Failed} pages had failed)")]
    public static partial void RetryingFailed(ILogger logger, Guid jobId, int round, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status}: {Succeeded} pages stored, {Unchanged} unchanged, {Failed} failed")]
    public static partial void Finished(ILogger logger, Guid jobId, JobStatus status, int succeeded, int unchanged, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: removed {Blobs} blobs of the jobs it replaces under {Container}/{Prefix}")]
    public static partial void Cleared(ILogger logger, Guid jobId, int blobs, string container, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: removing the replaced jobs' blobs failed; will try again")]
    public static partial void ClearingFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: the source ends at page {End}: {Reason}")]
    public static partial void EndFound(ILogger logger, Guid jobId, int end, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page}, stored past the end, could not be deleted")]
    public static partial void DiscardFailed(ILogger logger, Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} reached watermark {Watermark}: {Pages} pages, {Records} records, {WithoutCursor} without a cursor, {Unreadable} pages without records")]
    public static partial void WatermarkRead(ILogger logger, Guid jobId, string? watermark, int pages, long records, long withoutCursor, int unreadable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: another activation wrote the job's state since this one read it; this one goes, and the job comes back from storage")]
    public static partial void StateConflict(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: pipeline {PipelineId} could not be told that its run ended; it will see at its next look")]
    public static partial void PipelineNotTold(ILogger logger, Exception exception, Guid jobId, Guid pipelineId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Removed} page blobs deleted, its records written (records.keepPages is false)")]
    public static partial void PagesDeleted(ILogger logger, Guid jobId, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its page blobs could not all be deleted (records.keepPages is false); they stay")]
    public static partial void PagesNotDeleted(ILogger logger, Exception exception, Guid jobId);
}
