using System.Collections.Concurrent;
using Ingestion.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Grains.Pages;

/// <summary>
/// This silo's lines of reports to its jobs (<see cref="PageReports"/>), one per job at work: the page-fetch grains of a
/// job share it, so that the pages that end close together travel to the job in one call whichever block they are in. A
/// line that has nothing left to send is let go, and the next page's end opens a new one.
/// </summary>
public sealed partial class PageReportLines(
    PagePathReferences references, TimeProvider time, IOptions<FetchOptions> options, ILogger<PageReportLines> logger)
{
    private readonly ConcurrentDictionary<Guid, PageReports> _lines = new();
    private readonly TimeSpan _gather = options.Value.ReportGather;

    /// <summary>The line to the job, opened if none is.</summary>
    public PageReports Of(Guid jobId) =>
        _lines.GetOrAdd(jobId, static (job, self) => self.Open(job), this);

    private PageReports Open(Guid jobId) => new(
        references.Job(jobId).OnPagesFinished,
        time,
        _gather,
        (exception, page, attempt) => LogReportFailed(exception, jobId, page, attempt),
        // A line that went idle after another took its place (one opened while it went idle) is no longer listed.
        line => _lines.TryRemove(KeyValuePair.Create(jobId, line)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} page {Page}: reporting to the job grain failed (attempt {Attempt})")]
    private partial void LogReportFailed(Exception exception, Guid jobId, int page, int attempt);
}
