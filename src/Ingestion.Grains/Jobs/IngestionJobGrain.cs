using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Owns one job. It keeps at most <see cref="JobSpec.Concurrency"/> pages outstanding: each page that ends frees a slot
/// that the next page takes at once (a sliding window, not batches). Progress is checkpointed on a timer, never per page.
/// </summary>
public sealed partial class IngestionJobGrain(
    [PersistentState("job", StorageNames.JobStore)] IPersistentState<JobState> state,
    BlobServiceClient blobService,
    ManifestStore manifests,
    TimeProvider timeProvider,
    ILogger<IngestionJobGrain> logger) : Grain, IIngestionJobGrain
{
    private static readonly TimeSpan CheckpointPeriod = TimeSpan.FromSeconds(5);

    private PageTally? _tally;
    private IReadOnlyList<PageRecord>? _manifestPages;
    private IGrainTimer? _checkpointTimer;
    private bool _dirty;

    private Guid JobId => this.GetPrimaryKey();

    private JobSpec Spec => state.State.Spec ?? throw new InvalidOperationException("The job has no spec.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Status == JobStatus.Running)
        {
            // The job was running when its last activation ended: start its pages again. Blob names are fixed per page,
            // so a page stored before is overwritten, never duplicated.
            LogResuming(JobId);
            _tally = new PageTally(Spec.Source);
            StartCheckpoints();
            await DispatchAsync();
        }
    }

    public async Task<JobView> Start(JobSpec spec)
    {
        if (state.RecordExists)
        {
            return View();
        }

        await blobService.GetBlobContainerClient(spec.Destination.Container).CreateIfNotExistsAsync();
        state.State = new JobState { Spec = spec, Status = JobStatus.Running, CreatedAt = timeProvider.GetUtcNow() };
        await state.WriteStateAsync();
        await UpdateRegistryAsync();
        LogStarted(JobId, spec.Source.PageCount, spec.Concurrency);

        _tally = new PageTally(spec.Source);
        StartCheckpoints();
        await DispatchAsync();
        return View();
    }

    public Task<JobView?> GetView() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<Listing<PageRecord>?> GetPages(PageStatus? status, int skip, int take)
    {
        if (!state.RecordExists)
        {
            return null;
        }

        var pages = _tally?.All() ?? await ManifestPagesAsync();
        var matching = status is null ? pages : pages.Where(page => page.Status == status);
        var total = 0;
        var items = new List<PageRecord>(Math.Min(take, 1024));
        foreach (var page in matching)
        {
            if (total >= skip && items.Count < take)
            {
                items.Add(page);
            }

            total++;
        }

        return new Listing<PageRecord>(items, total, skip, take);
    }

    public Task OnPageRetrying(PageRecord page)
    {
        _tally?.RecordRetrying(page);
        return Task.CompletedTask;
    }

    public async Task OnPageFinished(PageRecord page)
    {
        if (_tally is null || state.State.Status.IsFinished() || !_tally.RecordEnded(page))
        {
            return;
        }

        _dirty = true;
        await DispatchAsync();
        await FinishIfAllEndedAsync();
    }

    private async Task DispatchAsync()
    {
        var tally = _tally!;
        var spec = Spec;
        while (true)
        {
            var handOvers = new List<Task<PageRecord?>>();
            while (tally.Outstanding < spec.Concurrency && tally.DispatchNext() is { } page)
            {
                handOvers.Add(HandOverAsync(page));
            }

            if (handOvers.Count == 0)
            {
                return;
            }

            // A page that could not be handed over has ended as failed and freed its slot: fill it.
            var refused = (await Task.WhenAll(handOvers)).OfType<PageRecord>().ToList();
            if (refused.Count == 0)
            {
                return;
            }

            foreach (var page in refused)
            {
                tally.RecordEnded(page);
            }

            _dirty = true;
        }
    }

    private async Task<PageRecord?> HandOverAsync(PageRecord page)
    {
        var spec = Spec;
        var request = new PageFetchRequest
        {
            JobId = JobId,
            Page = page.Page,
            Url = page.Url,
            Headers = spec.Headers,
            RequestTimeout = spec.RequestTimeout,
            Retry = spec.Retry,
            Container = spec.Destination.Container,
            BlobNameStem = PageBlobNames.Stem(spec.Destination, page.Page, spec.Source.PageCount),
        };

        try
        {
            await GrainFactory.GetGrain<IPageFetchGrain>(IPageFetchGrain.KeyFor(JobId, page.Page)).Fetch(request);
            return null;
        }
        catch (Exception exception)
        {
            LogHandOverFailed(exception, JobId, page.Page);
            return page with { Status = PageStatus.Failed, Error = $"The page could not be handed to a fetcher: {exception.Message}" };
        }
    }

    private async Task FinishIfAllEndedAsync()
    {
        var tally = _tally!;
        if (!tally.AllEnded || state.State.Status.IsFinished())
        {
            return;
        }

        var status = tally.Failed == 0 ? JobStatus.Completed : JobStatus.CompletedWithErrors;
        var completedAt = timeProvider.GetUtcNow();
        await manifests.WriteAsync(ManifestOf(status, completedAt), tally.All(), CancellationToken.None);

        state.State.Status = status;
        state.State.CompletedAt = completedAt;
        CopyTally();
        await state.WriteStateAsync();
        _dirty = false;
        StopCheckpoints();
        await UpdateRegistryAsync();
        LogFinished(JobId, status, tally.Succeeded, tally.Failed);
    }

    private Manifest ManifestOf(JobStatus status, DateTimeOffset completedAt) => new()
    {
        JobId = JobId,
        Name = Spec.Name,
        Status = status,
        Source = ManifestSource.From(Spec.Source),
        Destination = Spec.Destination,
        CreatedAt = state.State.CreatedAt,
        CompletedAt = completedAt,
        Counts = new ManifestCounts(_tally!.Total, _tally.Succeeded, _tally.Failed, _tally.Bytes),
    };

    private void StartCheckpoints() =>
        _checkpointTimer ??= this.RegisterGrainTimer(
            CheckpointAsync,
            new GrainTimerCreationOptions { DueTime = CheckpointPeriod, Period = CheckpointPeriod, KeepAlive = true });

    private void StopCheckpoints()
    {
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        // Also finishes a job whose last step (the manifest, say) failed on a storage outage.
        await FinishIfAllEndedAsync();
        if (_dirty && !state.State.Status.IsFinished())
        {
            CopyTally();
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
    }

    private void CopyTally()
    {
        state.State.Succeeded = _tally!.Succeeded;
        state.State.Failed = _tally.Failed;
        state.State.Bytes = _tally.Bytes;
    }

    private async Task<IReadOnlyList<PageRecord>> ManifestPagesAsync()
    {
        if (_manifestPages is null)
        {
            var manifest = await manifests.ReadAsync(Spec.Destination, CancellationToken.None);
            _manifestPages = manifest?.Pages ?? [];
        }

        return _manifestPages;
    }

    private Task UpdateRegistryAsync() =>
        GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).Upsert(
            new JobSummary(JobId, Spec.Name, state.State.Status, state.State.CreatedAt, state.State.CompletedAt));

    private JobView View()
    {
        var job = state.State;
        var counts = _tally?.Counts(timeProvider.GetUtcNow())
            ?? new PageCounts(Spec.Source.PageCount, job.Succeeded, job.Failed, 0, 0, Spec.Source.PageCount - job.Succeeded - job.Failed);
        return new JobView
        {
            Id = JobId,
            Name = Spec.Name,
            Status = job.Status,
            CreatedAt = job.CreatedAt,
            CompletedAt = job.CompletedAt,
            Destination = Spec.Destination,
            ManifestBlob = Spec.Destination.ManifestBlobName,
            Bytes = _tally?.Bytes ?? job.Bytes,
            Pages = counts,
            Error = job.Error,
            Spec = Spec,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {Pages} pages, concurrency {Concurrency}")]
    private partial void LogStarted(Guid jobId, int pages, int concurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was running when its grain last stopped; resuming")]
    private partial void LogResuming(Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: page {Page} could not be handed to its fetch grain")]
    private partial void LogHandOverFailed(Exception exception, Guid jobId, int page);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ended {Status}: {Succeeded} pages stored, {Failed} failed")]
    private partial void LogFinished(Guid jobId, JobStatus status, int succeeded, int failed);
}
