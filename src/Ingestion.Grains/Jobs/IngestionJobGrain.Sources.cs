using System.Runtime.CompilerServices;
using Ingestion.Jobs;
using Ingestion.Pages;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The job grain's dealings with its source: which pages exist and where, what each response tells about the rest
/// (the next link, the total, the end), and how the pages are read back for listings and the manifest.
/// </summary>
public sealed partial class IngestionJobGrain
{
    private DateTimeOffset _nextDispatchAt;
    private IGrainTimer? _pacingTimer;

    /// <summary>
    /// Rebuilds the tally after a restart: stored pages from their blobs, failed ones from the journal, the rest as
    /// outstanding up to the dispatch mark. A followed chain resumes from its last stored page, fetched again to learn
    /// its next link; an open range whose total was not saved fetches its first page again for it.
    /// </summary>
    private async Task RestoreTallyAsync(CancellationToken cancellationToken)
    {
        var spec = Spec;
        var job = state.State;
        var tally = new PageTally(job.KnownEnd, spec.MaxPages);
        _tally = tally;
        _urls = new PageUrls(spec.Source, urlLists);
        var failed = await journal.ReadAsync(JobId, cancellationToken);
        if (spec.Source.Kind == SourceKind.Follow)
        {
            await RestoreChainAsync(tally, failed, cancellationToken);
        }
        else
        {
            var rediscover = spec.Source.Total is not null && job.KnownEnd is null;
            await foreach (var stored in scanner.StreamAsync(JobId, spec, cancellationToken))
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

            foreach (var page in tally.UnendedThrough(Math.Max(job.DispatchedThrough, rediscover ? 1 : 0)))
            {
                tally.MarkOutstanding(await NewRecordAsync(page, cancellationToken));
            }
        }

        CopyTally();
        LogRestored(JobId, tally.Succeeded, tally.Failed, tally.Total);
    }

    /// <summary>
    /// A chain resumes after the last page of its unbroken stored (or failed) run from page 1. That page is fetched
    /// again, to learn its next link; stored pages past a gap are fetched again as the chain reaches them.
    /// </summary>
    private async Task RestoreChainAsync(PageTally tally, IReadOnlyList<PageRecord> failed, CancellationToken cancellationToken)
    {
        var failedByPage = failed.ToDictionary(page => page.Page);
        var run = new List<PageRecord>();
        await foreach (var stored in scanner.StreamAsync(JobId, Spec, cancellationToken))
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

        if (tally.End is null && tally.NextToDispatch(_chain.Frontier) is { } next)
        {
            tally.MarkDispatched(await NewRecordAsync(next, cancellationToken));
        }
    }

    private async Task DispatchAsync()
    {
        var tally = _tally!;
        var handOvers = new List<Task>();
        while (IsTakingPages && tally.Outstanding < Spec.Concurrency && tally.NextToDispatch(DispatchLimit()) is { } page)
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
            { Kind: SourceKind.Follow } => new PageInspection { Next = source.Next },
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
                await SetEndAsync(findings.Page - 1, $"Page {findings.Page} is past the end (empty, or not found): the range ends at page {findings.Page - 1}.", truncated: false);
            }

            return;
        }

        if (_chain is { } chain)
        {
            var pageUrl = tally.RecordOf(findings.Page)?.Url ?? "";
            if (chain.Advance(findings, pageUrl, tally.Cap) is { } reason)
            {
                var truncated = findings.NextUrl is not null && findings.Page >= tally.Cap;
                await SetEndAsync(findings.Page, reason, truncated);
            }

            return;
        }

        if (source.Total is { } total && findings.Page == 1 && tally.End is null)
        {
            var pages = StatedPages(total, findings);
            if (pages is null)
            {
                await SetEndAsync(1, $"Page 1 did not state the total, so only it was fetched: {findings.Problem ?? "no total found"}", truncated: false);
                return;
            }

            var truncated = pages > tally.Cap;
            var reason = truncated
                ? $"The source states {pages} pages; maxPages ({tally.Cap}) stops the job there."
                : $"Page 1 states {pages} pages.";
            await SetEndAsync((int)Math.Max(1, Math.Min(pages.Value, tally.Cap)), reason, truncated);
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
            await SetEndAsync(page, $"Page {page} failed, so the pages after it could not be reached.", truncated: false);
        }
        else if (Spec.Source.Total is not null && page == 1 && _tally!.End is null)
        {
            await SetEndAsync(1, "Page 1 failed, so the total is not known.", truncated: false);
        }
    }

    /// <summary>
    /// Sets the source's last page: saved at once (it is how a resumed job knows its size), and any page already out
    /// past it is cancelled and forgotten.
    /// </summary>
    private async Task SetEndAsync(int end, string reason, bool truncated)
    {
        var beyond = _tally!.SetEnd(end);
        state.State.EndReason = reason;
        state.State.Truncated = truncated;
        state.State.KnownEnd = _tally.End;
        LogEndFound(JobId, _tally.End ?? end, reason);
        _dirty = true;
        await Task.WhenAll(beyond.Select(CancelPageAsync));
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
        if (page.Blob is { } blob)
        {
            try
            {
                await blobService.GetBlobContainerClient(Spec.Destination.Container).GetBlobClient(blob).DeleteIfExistsAsync();
            }
            catch (Exception exception)
            {
                LogDiscardFailed(exception, JobId, page.Page);
            }
        }
    }

    /// <summary>An open source that reaches maxPages without finding its end stops there, truncated.</summary>
    private async Task EndAtCapIfReachedAsync()
    {
        var tally = _tally!;
        if (tally.End is null && tally.NextPage > tally.Cap && tally.Outstanding == 0)
        {
            await SetEndAsync(tally.Cap, $"maxPages ({tally.Cap}) reached before the source's end was found.", truncated: true);
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
        await using var stored = wantsStored ? scanner.StreamAsync(JobId, Spec, cancellationToken).GetAsyncEnumerator(cancellationToken) : null;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: the source ends at page {End}: {Reason}")]
    private partial void LogEndFound(Guid jobId, int end, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: page {Page}, stored past the end, could not be deleted")]
    private partial void LogDiscardFailed(Exception exception, Guid jobId, int page);
}
