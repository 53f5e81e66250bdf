using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Storage;
using Microsoft.Extensions.Logging;

namespace Ingestion.Grains.Jobs.Baselines;

/// <summary>
/// The pages of a run's baseline (the earlier run it revalidates), read forward from that run's manifest, so that asking
/// for pages in increasing order (as dispatching and the manifest do) holds one entry at a time, however many pages
/// the baseline has. An earlier page starts the manifest again.
/// </summary>
/// <remarks>
/// The baseline is an optimisation, never a source of truth for this run: should its manifest be gone or out of reach,
/// every page is simply fetched in full.
/// </remarks>
internal sealed partial class BaselinePages(ManifestStore manifests, BaselineRun? baseline, ILogger logger) : IAsyncDisposable
{
    private IAsyncEnumerator<PageRecord>? _entries;
    private bool _more;
    private int _lastAsked;
    private bool _unreadable;

    /// <summary>The baseline's entry for <paramref name="page"/>, or null when it has none (or cannot be read).</summary>
    public async ValueTask<PageRecord?> EntryOfAsync(int page, CancellationToken cancellationToken)
    {
        if (baseline is null || _unreadable)
        {
            return null;
        }

        try
        {
            if (_entries is null || page < _lastAsked)
            {
                await DisposeAsync();
                _entries = manifests.ReadPagesAsync(baseline.JobId, baseline.Destination, cancellationToken).GetAsyncEnumerator(cancellationToken);
                _more = await _entries.MoveNextAsync();
            }

            _lastAsked = page;
            while (_more && _entries.Current.Page < page)
            {
                _more = await _entries.MoveNextAsync();
            }

            return _more && _entries.Current.Page == page ? _entries.Current : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreadable(exception, baseline.JobId);
            _unreadable = true;
            await DisposeAsync();
            return null;
        }
    }

    /// <summary>
    /// The baseline's record of <paramref name="page"/> to make its request conditional on: one that holds the page's
    /// content in a blob, for the same URL, with a validator. Null sends the request unconditionally.
    /// </summary>
    public async ValueTask<PageRecord?> RevalidationOfAsync(int page, string url, CancellationToken cancellationToken) =>
        await EntryOfAsync(page, cancellationToken) is { Status: PageStatus.Succeeded or PageStatus.Unchanged, Blob: not null, HasValidator: true } entry
        && string.Equals(entry.Url, url, StringComparison.Ordinal)
            ? entry
            : null;

    public async ValueTask DisposeAsync()
    {
        if (_entries is not null)
        {
            try
            {
                await _entries.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Closing a read of a blob: nothing to keep.
                LogUnreadable(exception, baseline?.JobId ?? Guid.Empty);
            }

            _entries = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The manifest of baseline run {BaselineJobId} could not be read; pages are fetched in full")]
    private partial void LogUnreadable(Exception exception, Guid baselineJobId);
}
