using System.Runtime.CompilerServices;
using Ingestion.Grains.Jobs.Baselines;
using Ingestion.Grains.Jobs.Sources;
using Ingestion.Jobs;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// A job's pages read back: a running job's from its tally (with the stored pages' records it keeps, or else their
/// blobs), an ended job's from its manifest (or why they cannot be any more). No more records are held in memory than
/// the tally keeps (up to <see cref="JobOptions.StoredRecordsKept"/>).
/// </summary>
public sealed class JobPageRecords(
    ManifestStore manifests, ManifestPageListing manifestPages, StoredPageScanner scanner, UrlListReader urlLists, ILogger<JobPageRecords> logger)
{
    /// <summary>A slice of a running job's pages; the tally's counts give the total, and pages are read only as far as the slice.</summary>
    internal async Task<PageListing> ListRunningAsync(Guid jobId, JobRun run, PageStatus? status, int skip, int take, DateTimeOffset now)
    {
        var counts = run.Tally.Counts(now);
        var matching = status switch
        {
            null => counts.Total,
            PageStatus.Succeeded => counts.Succeeded,
            PageStatus.Unchanged => counts.Unchanged,
            PageStatus.Failed => counts.Failed,
            PageStatus.Cancelled => counts.Cancelled,
            PageStatus.InFlight => counts.InFlight,
            PageStatus.WaitingRetry => counts.WaitingRetry,
            PageStatus.Pending => counts.Pending,
            _ => 0,
        };
        var found = new List<PageRecord>(Math.Min(take, 1024));
        var seen = 0;
        await foreach (var page in AllAsync(jobId, run, status, CancellationToken.None))
        {
            if (seen++ >= skip)
            {
                found.Add(page);
                if (found.Count >= take)
                {
                    break;
                }
            }
        }

        return new PageListing(new Listing<PageRecord>(found, matching, skip, take), null);
    }

    /// <summary>
    /// A slice of an ended job's pages, from its manifest (through its index, when it has one, so a slice deep in a
    /// million pages is read without the pages before it); or why they are gone (a later job replaced them, the manifest
    /// was deleted or overwritten).
    /// </summary>
    internal async Task<PageListing> ListEndedAsync(Guid jobId, JobState job, PageStatus? status, int skip, int take)
    {
        var destination = job.Destination ?? job.Spec!.Destination;
        if (job.SupersededBy is { } by)
        {
            return new PageListing(
                null, $"Job {by} replaced this job's pages and manifest under {destination.Container}/{destination.Prefix} (destination.ifExists \"replace\").", by);
        }

        var head = await manifests.ReadHeadAsync(destination, CancellationToken.None);
        if (head?.JobId != jobId)
        {
            return new PageListing(null, WhyGone(destination, head));
        }

        return new PageListing(await manifestPages.ListAsync(jobId, destination, head, status, skip, take, CancellationToken.None), null);
    }

    /// <summary>
    /// The job's pages in page order, optionally in one status: stored ones as they were reported when the tally kept
    /// every one's record, else read back from their blobs; unchanged ones from the baseline's manifest, the others from
    /// the tally (for the listing and the manifest).
    /// </summary>
    internal async IAsyncEnumerable<PageRecord> AllAsync(
        Guid jobId, JobRun run, PageStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tally = run.Tally;
        var kept = tally.StoredRecords.Covering(tally.Succeeded);
        var wantsStored = status is null or PageStatus.Succeeded;
        await using var stored = wantsStored && kept is null
            ? scanner.StreamAsync(jobId, run.Spec, run.Destination, run.Plan.KnownUrl, cancellationToken).GetAsyncEnumerator(cancellationToken)
            : null;
        await using var urls = new PageUrls(run.Spec.Source, urlLists);
        await using var baseline = new BaselinePages(manifests, status is null or PageStatus.Unchanged ? run.Spec.Run?.Baseline : null, logger);
        var storedMore = stored is not null && await stored.MoveNextAsync();
        for (var page = 1; page <= tally.Total; page++)
        {
            var pageStatus = tally.StatusOf(page);
            if (status is not null && pageStatus != status)
            {
                continue;
            }

            if (pageStatus == PageStatus.Succeeded && kept?.GetValueOrDefault(page) is { } reported)
            {
                yield return reported with { DurationMs = tally.DurationOf(page) };
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
                    : new PageRecord { Page = page, Url = await KnownUrlAsync(run, urls, page, cancellationToken), Status = PageStatus.Succeeded };
                continue;
            }

            if (pageStatus == PageStatus.Unchanged)
            {
                var url = await KnownUrlAsync(run, urls, page, cancellationToken);
                yield return await baseline.EntryOfAsync(page, cancellationToken) is { } previous
                    ? UnchangedPageRecord.Of(previous, page, url) with { DurationMs = tally.DurationOf(page) }
                    : new PageRecord { Page = page, Url = url, Status = PageStatus.Unchanged, HttpStatus = 304 };
                continue;
            }

            yield return tally.RecordOf(page)
                ?? new PageRecord { Page = page, Url = await KnownUrlAsync(run, urls, page, cancellationToken), Status = pageStatus };
        }
    }

    /// <summary>A page's URL as its source gives it, read from the URL list when it is one; empty for a chain, learned as it went.</summary>
    private static async ValueTask<string> KnownUrlAsync(JobRun run, PageUrls urls, int page, CancellationToken cancellationToken) =>
        run.Plan.KnownUrl(page) ?? (run.Plan.ReadsUrlList ? await urls.UrlOfAsync(page, cancellationToken) : "");

    /// <summary>Why the job's pages cannot be listed from the manifest <paramref name="head"/> describes: none, or another job's.</summary>
    private static string WhyGone(DestinationSpec destination, ManifestHead? head)
    {
        var manifest = $"{destination.Container}/{destination.ManifestBlobName}";
        return head is null
            ? $"The job's manifest {manifest} does not exist any more (it was deleted), so its pages cannot be listed."
            : $"The manifest {manifest} is no longer this job's (it names job {head.JobId}), so this job's pages cannot be listed.";
    }
}
