using Ingestion.Fetching;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Pages;

/// <summary>
/// Fetches one page and stores it, retrying with backoff, then reports the outcome to the job grain and deactivates.
/// The work runs in the activation after <see cref="Fetch"/> has returned, so the job grain is never held up by a slow page.
/// </summary>
public sealed partial class PageFetchGrain(PageFetcher fetcher, TimeProvider timeProvider, ILogger<PageFetchGrain> logger)
    : Grain, IPageFetchGrain, IDisposable
{
    private static readonly TimeSpan DeactivationMargin = TimeSpan.FromMinutes(1);
    private const int ReportAttempts = 10;

    private readonly CancellationTokenSource _deactivating = new();
    private Task? _work;

    public Task Fetch(PageFetchRequest request)
    {
        _work ??= RunAsync(request);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        return Task.CompletedTask;
    }

    public void Dispose() => _deactivating.Dispose();

    private async Task RunAsync(PageFetchRequest request)
    {
        // Let Fetch return before the first request goes out.
        await Task.Yield();
        var job = GrainFactory.GetGrain<IIngestionJobGrain>(request.JobId);
        PageRecord outcome;
        try
        {
            outcome = await FetchWithRetriesAsync(request, job, _deactivating.Token);
        }
        catch (OperationCanceledException) when (_deactivating.IsCancellationRequested)
        {
            // The silo is shutting down: the job grain dispatches the page again when it resumes.
            return;
        }
        catch (Exception exception)
        {
            LogUnexpected(exception, request.JobId, request.Page);
            outcome = new PageRecord
            {
                Page = request.Page,
                Url = request.Url,
                Status = PageStatus.Failed,
                Error = $"Unexpected error: {exception.Message}",
            };
        }

        await ReportAsync(job, outcome);
        DeactivateOnIdle();
    }

    private async Task<PageRecord> FetchWithRetriesAsync(PageFetchRequest request, IIngestionJobGrain job, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await fetcher.FetchAsync(request, attempt, cancellationToken);
            var record = new PageRecord
            {
                Page = request.Page,
                Url = request.Url,
                Status = result.Succeeded ? PageStatus.Succeeded : PageStatus.Failed,
                HttpStatus = result.HttpStatus,
                Attempts = attempt,
                Blob = result.Stored?.Name,
                Bytes = result.Stored?.Bytes,
                Sha256 = result.Stored?.Sha256,
                ContentType = result.ContentType,
                Error = result.Error,
                FetchedAt = timeProvider.GetUtcNow(),
            };

            if (result.Succeeded || !result.Retryable || attempt >= request.Retry.MaxAttempts)
            {
                return record;
            }

            var delay = RetryPolicy.DelayBefore(attempt + 1, request.Retry, result.RetryAfter, Random.Shared);
            LogRetrying(request.JobId, request.Page, attempt, result.Error, delay.TotalSeconds);
            await TryReportRetryingAsync(job, record with { Status = PageStatus.WaitingRetry, RetryAt = timeProvider.GetUtcNow() + delay });
            DelayDeactivation(delay + DeactivationMargin);
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    private async Task TryReportRetryingAsync(IIngestionJobGrain job, PageRecord record)
    {
        try
        {
            await job.OnPageRetrying(record);
        }
        catch (Exception exception)
        {
            // Only progress display depends on it; the retry goes ahead regardless.
            LogReportFailed(exception, record.Page, 1);
        }
    }

    private async Task ReportAsync(IIngestionJobGrain job, PageRecord outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await job.OnPageFinished(outcome);
                return;
            }
            catch (Exception exception) when (attempt < ReportAttempts)
            {
                LogReportFailed(exception, outcome.Page, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << attempt)), timeProvider);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} page {Page}: attempt {Attempt} failed ({Error}); retrying in {DelaySeconds:F1} s")]
    private partial void LogRetrying(Guid jobId, int page, int attempt, string? error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Page}: reporting to the job grain failed (attempt {Attempt})")]
    private partial void LogReportFailed(Exception exception, int page, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} page {Page}: unexpected failure")]
    private partial void LogUnexpected(Exception exception, Guid jobId, int page);
}
