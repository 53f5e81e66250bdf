using System.Diagnostics.CodeAnalysis;
using Ingestion.Grains;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Records;

/// <summary>
/// Writes one job's records: the shell of a <see cref="RecordFold"/>, fed the job's stored pages in page order as they
/// end (asking the job which have), their content read back from storage a few pages ahead. A checkpoint is saved with
/// each committed file; an activation that is lost (its silo died) is brought back by the job's next call, and resumes
/// from there.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The fold's open files are released when the activation is deactivated.")]
public sealed partial class JobRecordsGrain(
    [PersistentState("records", StorageNames.JobStore)] IPersistentState<JobRecordsState> state,
    RecordsServices services,
    ILogger<JobRecordsGrain> logger) : Grain, IJobRecordsGrain, IRecordsProgressSink
{
    private const int PagesPerAsk = 512;

    private IGrainTimer? _timer;
    private RecordFold? _fold;
    private StoredPageReader? _reader;
    private bool _pumping;

    private OfferedPages? _offered;

    // The next page to ask the job about; it starts, for a fold resumed with open files, at the first of their records.
    private int _nextPage;

    private Guid JobId => this.GetPrimaryKey();

    public async Task Keep(RecordsAssignment assignment)
    {
        if (state.State.Assignment is null)
        {
            state.State.Assignment = assignment;
            await state.WriteStateAsync();
        }

        _timer ??= this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = services.Options.PollInterval,
            Interleave = true,
        });
    }

    private OfferedPages Offered => _offered ??= new OfferedPages(services.Options.OfferedKiB * 1024L);

    public Task Offer(OfferedPage page)
    {
        if (page.Page >= _nextPage)
        {
            Offered.Add(page);
        }

        return Task.CompletedTask;
    }

    public async Task<RecordsSummary?> Complete(RecordsAssignment assignment, int round)
    {
        var checkpoint = state.State.Checkpoint;
        if (state.State.Assignment is null || checkpoint.Round != round || !checkpoint.PassComplete)
        {
            await Keep(assignment);
            return null;
        }

        var files = await services.Files.ListAsync(state.State.Assignment, CancellationToken.None);
        var errors = await services.Errors.ReadAsync(JobId, CancellationToken.None);
        return RecordsSummaries.Of(state.State.Assignment, checkpoint, files, errors);
    }

    public async Task<RecordsSummary> Describe(RecordsAssignment assignment)
    {
        var files = await services.Files.ListAsync(assignment, CancellationToken.None);
        var errors = await services.Errors.ReadAsync(JobId, CancellationToken.None);
        return RecordsSummaries.Of(assignment, state.State.Checkpoint, files, errors);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Open files are dropped uncommitted: the next activation writes them again from the checkpoint.
        _fold?.Dispose();
        await (_reader?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    async Task IRecordsProgressSink.SaveAsync(RecordsCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        state.State.Checkpoint = checkpoint;
        await state.WriteStateAsync(cancellationToken);
    }

    Task IRecordsProgressSink.RecordErrorAsync(int page, string reason, CancellationToken cancellationToken) =>
        services.Errors.AppendAsync(JobId, new RecordErrorEntry(page, reason), cancellationToken);

    /// <summary>Folds every page that has ended since the last turn; commits the last files when the job's pages have all ended.</summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        if (_pumping || state.State.Assignment is not { } assignment)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (await StepAsync(assignment, cancellationToken))
            {
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage out of reach, or the state's write refused: what is in memory may be ahead of the checkpoint, so
            // this activation goes, and the next one resumes from the checkpoint.
            LogFoldFailed(logger, exception, JobId);
            _timer?.Dispose();
            _timer = null;
            DeactivateOnIdle();
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <summary>One ask of the job and the pages it answers with; false when there is nothing more to do for now.</summary>
    private async Task<bool> StepAsync(RecordsAssignment assignment, CancellationToken cancellationToken)
    {
        var checkpoint = state.State.Checkpoint;
        var fold = _fold;
        if (fold is null)
        {
            _nextPage = RecordFold.FirstPageOf(checkpoint);
        }

        _nextPage = RecordPass.NextCandidate(checkpoint, _nextPage);
        EndedPages? ended;
        try
        {
            ended = await GrainFactory.GetGrain<IIngestionJobGrain>(JobId).GetEndedPages(_nextPage, PagesPerAsk, Progress(checkpoint));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The job out of reach (its silo just died, say): nothing was folded, so the fold stays and asks again.
            LogJobUnreachable(logger, exception, JobId);
            return false;
        }

        if (ended is null)
        {
            // The job is gone: nothing more will come.
            _timer?.Dispose();
            _timer = null;
            return false;
        }

        if (ended.Round != checkpoint.Round)
        {
            if (!checkpoint.PassComplete || ended.Round < checkpoint.Round)
            {
                return false;
            }

            // A retry of the job's failed pages: a pass over the pages no earlier one found content in.
            RecordPass.Begin(checkpoint, ended.Round);
            await state.WriteStateAsync(cancellationToken);
            return true;
        }

        if (checkpoint.PassComplete)
        {
            _timer?.Dispose();
            _timer = null;
            return false;
        }

        fold ??= _fold = new RecordFold(Settings(assignment), checkpoint, new StoredRecordFiles(
            services.BlobService.GetBlobContainerClient(assignment.Destination.Container), assignment.Records, services.Options), this);
        _reader ??= new StoredPageReader(services.BlobService, services.Manifests, assignment, logger);
        await FoldAsync(fold, ended, cancellationToken);

        var after = ended.From + ended.Statuses.Length;
        _nextPage = after;
        Offered.DropBefore(after);
        if (ended.LastPage is { } last && after > last)
        {
            await fold.CompletePassAsync(last, cancellationToken);
            fold.Dispose();
            _fold = null;
            LogPassComplete(logger, JobId, checkpoint.Round, checkpoint.CommittedRows, checkpoint.CommittedFiles);
            return false;
        }

        return ended.Statuses.Length > 0;
    }

    /// <summary>Folds the candidate pages of <paramref name="ended"/> in order, reading their content a few pages ahead.</summary>
    private async Task FoldAsync(RecordFold fold, EndedPages ended, CancellationToken cancellationToken)
    {
        var checkpoint = fold.Checkpoint;
        var pages = new List<(int Page, PageStatus Status)>();
        for (var i = 0; i < ended.Statuses.Length; i++)
        {
            var page = ended.From + i;
            if (RecordPass.IsCandidate(checkpoint, page))
            {
                pages.Add((page, ended.Statuses[i]));
            }
        }

        var reads = new Queue<Task<StoredPageBody?>>();
        var readAhead = services.Options.ReadAhead;
        var nextRead = 0;
        foreach (var (page, status) in pages)
        {
            while (nextRead < pages.Count && reads.Count < readAhead)
            {
                reads.Enqueue(ReadAsync(pages[nextRead++], cancellationToken));
            }

            var body = await reads.Dequeue();
            using var content = ContentOf(page, status, body);
            await fold.FoldAsync(page, content, cancellationToken);
        }
    }

    /// <summary>A page's content: from its fetch grain's offer when it came, else read back from storage.</summary>
    private Task<StoredPageBody?> ReadAsync((int Page, PageStatus Status) page, CancellationToken cancellationToken)
    {
        if (page.Status == PageStatus.Succeeded && Offered.Take(page.Page) is { } offered)
        {
            return Task.FromResult<StoredPageBody?>(new StoredPageBody("", offered.FetchedAt, offered.Body));
        }

        return page.Status is PageStatus.Succeeded or PageStatus.Unchanged
            ? _reader!.ReadAsync(page.Page, page.Status, cancellationToken)
            : Task.FromResult<StoredPageBody?>(null);
    }

    private PageRecordsContent? ContentOf(int page, PageStatus status, StoredPageBody? body)
    {
        if (status is not (PageStatus.Succeeded or PageStatus.Unchanged))
        {
            return null;
        }

        if (body is null)
        {
            LogPageMissing(logger, JobId, page);
            return PageRecordsContent.Unreadable(page, "The page's blob could not be found to read its records (it was deleted).");
        }

        return PageRecordsContent.Read(page, body.FetchedAt, body.Content, state.State.Assignment!.Records.Pointer);
    }

    private RecordFoldSettings Settings(RecordsAssignment assignment) =>
        new(JobId, assignment.Records, assignment.Destination, services.Options.MaxOpenFiles, services.Options.ReplayWindowPages);

    private RecordsProgress Progress(RecordsCheckpoint checkpoint) => new()
    {
        Rows = _fold?.Rows ?? checkpoint.CommittedRows,
        Files = checkpoint.CommittedFiles,
        Bytes = checkpoint.CommittedBytes,
        ErrorPages = checkpoint.ErrorPages,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: writing its records failed; they resume from their last checkpoint.")]
    private static partial void LogFoldFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId}: its records could not ask it which pages have ended; they ask again shortly.")]
    private static partial void LogJobUnreachable(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: records of round {Round} written: {Rows} records in {Files} files.")]
    private static partial void LogPassComplete(ILogger logger, Guid jobId, int round, long rows, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page} is stored but its blob could not be found to read its records.")]
    private static partial void LogPageMissing(ILogger logger, Guid jobId, int page);
}
