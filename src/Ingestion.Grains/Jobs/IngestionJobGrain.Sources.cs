using System.Runtime.CompilerServices;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The job grain's dealings with its source: which pages exist and where, what each response tells about the rest
/// (the next link, the total, the end), and how the pages are read back for listings and the manifest.
/// </summary>
public sealed partial class IngestionJobGrain
{
    // Between two steps of clearing a replaced job's blobs, so the job's calls get their turn.
    private static readonly TimeSpan ClearingStepPause = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<Guid> _clearingOwnersToTell = [];
    private DateTimeOffset _nextDispatchAt;
    private IGrainTimer? _pacingTimer;
    private IGrainTimer? _clearingTimer;
    private string? _clearingContinuation;
    private int _clearedBlobs;

    /// <summary>
    /// Rebuilds the tally after a restart: stored pages from their blobs, failed ones from the journal, the rest as
    /// outstanding up to the dispatch mark. A followed chain resumes from its last stored page, fetched again to learn
    /// its next link; an open range whose total was not saved fetches its first page again for it.
    /// </summary>
    /// <param name="retrying">
    /// The job runs again over the pages it did not store: they are handed out again from the first, within the
    /// window, rather than all at once as pages that were at work before a restart are.
    /// </param>
    private async Task RestoreTallyAsync(bool retrying, CancellationToken cancellationToken)
    {
        var spec = Spec;
        var job = state.State;
        var tally = new PageTally(job.KnownEnd, spec.MaxPages);
        _tally = tally;
        if (_urls is not null)
        {
            await _urls.DisposeAsync();
        }

        _urls = new PageUrls(spec.Source, urlLists);
        var failed = await journal.ReadAsync(JobId, job.Round, cancellationToken);
        if (spec.Source.Kind == SourceKind.Follow)
        {
            await RestoreChainAsync(tally, failed, retrying, cancellationToken);
        }
        else
        {
            var rediscover = spec.Source.Total is not null && job.KnownEnd is null;
            await foreach (var stored in scanner.StreamAsync(JobId, spec, Destination, cancellationToken))
            {
                if (!(rediscover && stored.Page == 1))
                {
                    tally.RecordEnded(stored);
                }
            }

            foreach (var page in failed)
            {
                tally.RecordEnded(page);
            }

            if (retrying)
            {
                tally.RewindDispatch();
            }
            else
            {
                foreach (var page in tally.UnendedThrough(Math.Max(job.DispatchedThrough, rediscover ? 1 : 0)))
                {
                    tally.MarkOutstanding(await NewRecordAsync(page, cancellationToken));
                }
            }
        }

        CopyTally();
        LogRestored(JobId, tally.Succeeded, tally.Failed, tally.Total);
    }

    /// <summary>
    /// A chain resumes after the last page of its unbroken stored (or failed) run from page 1. That page is fetched
    /// again, to learn its next link; stored pages past a gap are fetched again as the chain reaches them.
    /// </summary>
    private async Task RestoreChainAsync(PageTally tally, IReadOnlyList<PageRecord> failed, bool retrying, CancellationToken cancellationToken)
    {
        var failedByPage = failed.ToDictionary(page => page.Page);
        var run = new List<PageRecord>();
        await foreach (var stored in scanner.StreamAsync(JobId, Spec, Destination, cancellationToken))
        {
            while (failedByPage.Remove(run.Count + 1, out var failure))
            {
                run.Add(failure);
            }

            if (stored.Page != run.Count + 1)
            {
                break;
            }

            run.Add(stored);
        }

        while (failedByPage.Remove(run.Count + 1, out var failure))
        {
            run.Add(failure);
        }

        var chainEnded = state.State.KnownEnd is { } end && run.Count >= end;
        var last = run.LastOrDefault();
        var resumeFrom = last is null || chainEnded || last.Status == PageStatus.Failed || last.Url.Length == 0 ? null : last;
        foreach (var page in run)
        {
            if (page != resumeFrom)
            {
                tally.RecordEnded(page);
            }
        }

        if (resumeFrom is null)
        {
            if (last is null)
            {
                _chain = new FollowChain(1, Spec.Source.Url!);
            }
            else
            {
                // Ended (or broken at a failed page) before the restart: nothing more to dispatch.
                _chain = new FollowChain(run.Count + 1, "");
                tally.SetEnd(run.Count);
            }
        }
        else
        {
            _chain = new FollowChain(resumeFrom.Page, resumeFrom.Url);
        }

        foreach (var page in run)
        {
            _chain.MarkVisited(page.Url);
        }

        // Resuming, the page the chain goes on from was at work: it is outstanding, to be handed out again. A retry
        // hands it out as the first page of its run.
        if (!retrying && tally.End is null && tally.NextToDispatch(_chain.Frontier) is { } next)
        {
            tally.MarkDispatched(await NewRecordAsync(next, cancellationToken));
        }
    }

    private async Task DispatchAsync()
    {
        var tally = _tally!;
        var handOvers = new List<Task>();
        while (MayDispatch && tally.Outstanding < Spec.Concurrency && tally.NextToDispatch(DispatchLimit()) is { } page)
        {
            if (!MayDispatchNow())
            {
                break;
            }

            var record = await NewRecordAsync(page, CancellationToken.None);
            tally.MarkDispatched(record);
            if (record.Status == PageStatus.Failed)
            {
                // A line of a URL list that is no URL: failed for good without a request.
                tally.RecordEnded(record);
                _unjournaledFailures.Add(record);
                _dirty = true;
                continue;
            }

            var resume = _resumeDispatches > 0;
            _resumeDispatches = Math.Max(0, _resumeDispatches - 1);
            handOvers.Add(HandOverAsync(record, resume));
        }

        await Task.WhenAll(handOvers);
    }

    /// <summary>The highest page that may be dispatched now; the tally also holds to the end and the cap.</summary>
    private int DispatchLimit() => Spec.Source switch
    {
        { Kind: SourceKind.Follow } => _chain?.Frontier ?? 0,

        // A total stated by the first page: nothing else until it is known.
        { Total: not null } when _tally!.End is null => 1,
        _ => int.MaxValue,
    };

    /// <summary>Paces dispatching by the job's own politeness.maxRequestsPerSecond, if it has one.</summary>
    private bool MayDispatchNow()
    {
        if (Spec.Politeness.MaxRequestsPerSecond is not { } rate)
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        if (_nextDispatchAt > now)
        {
            _pacingTimer ??= this.RegisterGrainTimer(
                async _ =>
                {
                    _pacingTimer?.Dispose();
                    _pacingTimer = null;
                    await DispatchAsync();
                },
                new GrainTimerCreationOptions { DueTime = _nextDispatchAt - now, Period = Timeout.InfiniteTimeSpan });
            return false;
        }

        _nextDispatchAt = (_nextDispatchAt > now - TimeSpan.FromSeconds(1) ? _nextDispatchAt : now) + TimeSpan.FromSeconds(1 / rate);
        return true;
    }

    private async ValueTask<PageRecord> NewRecordAsync(int page, CancellationToken cancellationToken)
    {
        if (_chain is { } chain)
        {
            return new PageRecord
            {
                Page = page,
                Url = chain.TakeUrl(page),
                Status = PageStatus.InFlight,
                ReachedFrom = page > 1 ? page - 1 : null,
            };
        }

        var url = await _urls!.UrlOfAsync(page, cancellationToken);
        if (Spec.Source.UrlsBlob is not null
            && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            return new PageRecord
            {
                Page = page,
                Url = url,
                Status = PageStatus.Failed,
                FailureKind = PageFailureKind.InvalidUrl,
                Error = "This line of the URL list is not an absolute http or https URL.",
            };
        }

        return new PageRecord { Page = page, Url = url, Status = PageStatus.InFlight };
    }

    /// <summary>What a page's fetch must read from its response for the job, if anything.</summary>
    private PageInspection? InspectionFor(int page)
    {
        var source = Spec.Source;
        return source switch
        {
            // A chain's first page may already be past the end (an empty source); later ones only by stopWhenEmpty.
            { Kind: SourceKind.Follow } => new PageInspection
            {
                Next = source.Next,
                MayBePastEnd = page == 1 || source.StopWhenEmpty is not null,
                StopWhenEmpty = source.StopWhenEmpty,
            },
            { Total: not null } when page == 1 => new PageInspection { Total = source.Total },
            { IsOpenRange: true, Total: null } => new PageInspection { MayBePastEnd = true, StopWhenEmpty = source.StopWhenEmpty },
            _ => null,
        };
    }

    /// <summary>Applies what a response told: the next page of a chain, the stated total, or the end of an open range.</summary>
    private async Task ApplyFindingsAsync(PageFindings findings)
    {
        var tally = _tally!;
        var source = Spec.Source;
        if (findings.PastEnd)
        {
            if (findings.Page - 1 < (tally.End ?? int.MaxValue))
            {
                var because = findings.PastEndBecause ?? "empty, or not found";
                var reason = findings.Page == 1
                    ? $"Page 1 is already past the end ({because})."
                    : $"Page {findings.Page} is past the end ({because}): the {(_chain is null ? "range" : "chain")} ends at page {findings.Page - 1}.";
                await SetEndAsync(findings.Page - 1, reason, truncated: false, found: true);
            }

            return;
        }

        if (_chain is { } chain)
        {
            var pageUrl = tally.RecordOf(findings.Page)?.Url ?? "";
            if (chain.Advance(findings, pageUrl, tally.Cap) is { } reason)
            {
                var truncated = findings.NextUrl is not null && findings.Page >= tally.Cap;
                await SetEndAsync(findings.Page, reason, truncated, found: true);
            }

            return;
        }

        if (source.Total is { } total && findings.Page == 1 && tally.End is null)
        {
            var pages = StatedPages(total, findings);
            if (pages is null)
            {
                await SetEndAsync(1, $"Page 1 did not state the total, so only it was fetched: {findings.Problem ?? "no total found"}", truncated: false, found: false);
                return;
            }

            var truncated = pages > tally.Cap;
            var reason = truncated
                ? $"The source states {pages} pages; maxPages ({tally.Cap}) stops the job there."
                : $"Page 1 states {pages} {(pages == 1 ? "page" : "pages")}.";

            // A total of 0: page 1 is no page of the job (an empty source), and is dropped when it reports.
            await SetEndAsync((int)Math.Min(pages.Value, tally.Cap), reason, truncated, found: true);
        }
    }

    /// <summary>The number of pages a first page states, from a count of pages or of items, or from its last link.</summary>
    private long? StatedPages(TotalSpec total, PageFindings findings)
    {
        var source = Spec.Source;
        if (total.LinkLast)
        {
            return findings.LastUrl is { } last && PageNumbers.FromUrl(source, last) is { } lastPage
                ? lastPage - source.Pages!.From + 1
                : null;
        }

        return findings.Total switch
        {
            null => null,
            { } count when total.Counts == TotalCounts.Items => (count + source.PageSize!.Value - 1) / source.PageSize.Value,
            { } count => count,
        };
    }

    /// <summary>A failed page of a chain breaks it: the pages after it cannot be reached.</summary>
    private async Task EndChainAtFailureAsync(int page)
    {
        if (_chain is { } chain && chain.Frontier == page && _tally!.End is null)
        {
            await SetEndAsync(page, $"Page {page} failed, so the pages after it could not be reached.", truncated: false, found: false);
        }
        else if (Spec.Source.Total is not null && page == 1 && _tally!.End is null)
        {
            await SetEndAsync(1, "Page 1 failed, so the total is not known.", truncated: false, found: false);
        }
    }

    /// <summary>
    /// Sets the source's last page: saved at once (it is how a resumed job knows its size), and any page already out
    /// past it is cancelled and forgotten.
    /// </summary>
    /// <param name="found">The source said where it ends (see <see cref="JobState.EndFound"/>), rather than a failure cutting it short.</param>
    private async Task SetEndAsync(int end, string reason, bool truncated, bool found)
    {
        var beyond = _tally!.SetEnd(end);
        state.State.EndReason = reason;
        state.State.Truncated = truncated;
        state.State.KnownEnd = _tally.End;
        state.State.EndFound = found;
        LogEndFound(JobId, _tally.End ?? end, reason);
        _dirty = true;
        var cancelled = await Task.WhenAll(beyond.Select(CancelPageAsync));
        foreach (var (page, outcome) in beyond.Zip(cancelled))
        {
            // No page of the job, so no blob of it either: one stored before the cancel took effect, or while it did.
            if (outcome is null or { Blob: not null })
            {
                await RemovePageBlobAsync(page, outcome?.Blob);
            }
        }

        try
        {
            CopyTally();
            await state.WriteStateAsync();
            _dirty = false;
        }
        catch (Exception exception)
        {
            // The next checkpoint saves it.
            LogFinishFailed(exception, JobId);
        }
    }

    /// <summary>Forgets a page past the end; one stored there anyway (an API that is not empty past its end) is deleted.</summary>
    private async Task DiscardAsync(PageRecord page)
    {
        _tally!.Forget(page.Page);
        await RemovePageBlobAsync(page.Page, page.Blob);
    }

    private async Task RemovePageBlobAsync(int page, string? blobName)
    {
        try
        {
            var stem = PageBlobNames.Stem(Destination, page, Spec.Source.KnownPageCount ?? Spec.MaxPages);
            await pageBlobs.RemoveAsync(JobId, Destination, page, blobName, stem, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogDiscardFailed(exception, JobId, page);
        }
    }

    /// <summary>An open source that reaches maxPages without finding its end stops there, truncated.</summary>
    private async Task EndAtCapIfReachedAsync()
    {
        var tally = _tally!;
        if (tally.End is null && tally.NextPage > tally.Cap && tally.Outstanding == 0)
        {
            await SetEndAsync(tally.Cap, $"maxPages ({tally.Cap}) reached before the source's end was found.", truncated: true, found: true);
        }
    }

    /// <summary>
    /// The job's pages in page order, optionally in one status: stored ones read back from their blobs, the others
    /// from the tally, so that no list of every page is ever held in memory.
    /// </summary>
    private async IAsyncEnumerable<PageRecord> PagesAsync(PageStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tally = _tally!;
        var wantsStored = status is null or PageStatus.Succeeded;
        await using var stored = wantsStored ? scanner.StreamAsync(JobId, Spec, Destination, cancellationToken).GetAsyncEnumerator(cancellationToken) : null;
        await using var urls = new PageUrls(Spec.Source, urlLists);
        var storedMore = stored is not null && await stored.MoveNextAsync();
        for (var page = 1; page <= tally.Total; page++)
        {
            var pageStatus = tally.StatusOf(page);
            if (status is not null && pageStatus != status)
            {
                continue;
            }

            if (pageStatus == PageStatus.Succeeded)
            {
                while (storedMore && stored!.Current.Page < page)
                {
                    storedMore = await stored.MoveNextAsync();
                }

                yield return storedMore && stored!.Current.Page == page
                    ? stored.Current with { DurationMs = tally.DurationOf(page) }
                    : new PageRecord { Page = page, Url = await KnownUrlAsync(urls, page, cancellationToken), Status = PageStatus.Succeeded };
                continue;
            }

            yield return tally.RecordOf(page)
                ?? new PageRecord { Page = page, Url = await KnownUrlAsync(urls, page, cancellationToken), Status = pageStatus };
        }
    }

    private async ValueTask<string> KnownUrlAsync(PageUrls urls, int page, CancellationToken cancellationToken) =>
        Spec.Source.Kind == SourceKind.Follow ? "" : await urls.UrlOfAsync(page, cancellationToken);

    /// <summary>
    /// Removes the previous jobs' blobs under the prefix a step (one listing page) per timer tick, so that the job keeps
    /// answering its calls however many there are; pages are handed out only once it is done.
    /// </summary>
    private void StartClearing()
    {
        _clearingTimer ??= this.RegisterGrainTimer(
            ClearStepAsync,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = ClearingStepPause, KeepAlive = true });
    }

    private async Task ClearStepAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Clearing)
        {
            return;
        }

        ClearingStep step;
        try
        {
            step = await clearer.ClearStepAsync(Destination, JobId, _clearingContinuation, cancellationToken);
        }
        catch (Exception exception)
        {
            // Storage is down: the next tick tries the same step again.
            LogClearingFailed(exception, JobId);
            return;
        }

        _clearedBlobs += step.Deleted;

        // The owners of the blobs removed are told they are superseded; those that cannot be told now are told at a
        // later step (their blobs are gone, so only this list remembers them).
        _clearingOwnersToTell.UnionWith(step.Owners);
        if (_clearingOwnersToTell.Count > 0 && await TryMarkSupersededAsync(_clearingOwnersToTell))
        {
            _clearingOwnersToTell.Clear();
        }

        _clearingContinuation = step.Next;
        if (step.Next is not null)
        {
            return;
        }

        state.State.Clearing = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // Not saved: cleared again (finding nothing) after a restart.
            LogClearingFailed(exception, JobId);
        }

        _clearingTimer?.Dispose();
        _clearingTimer = null;
        LogCleared(JobId, _clearedBlobs, Destination.Container, Destination.Prefix);
        if (IsRunning)
        {
            await DispatchAsync();
            await TryFinishIfAllEndedAsync();
        }
        else
        {
            await TryCompleteStopAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: removed {Blobs} blobs of the jobs it replaces under {Container}/{Prefix}")]
    private partial void LogCleared(Guid jobId, int blobs, string container, string prefix);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: removing the replaced jobs' blobs failed; will try again")]
    private partial void LogClearingFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: the source ends at page {End}: {Reason}")]
    private partial void LogEndFound(Guid jobId, int end, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page}, stored past the end, could not be deleted")]
    private partial void LogDiscardFailed(Exception exception, Guid jobId, int page);
}
