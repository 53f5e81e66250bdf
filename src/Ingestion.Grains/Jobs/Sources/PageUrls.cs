using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// The URLs of a range or a list, page by page. A list kept in a blob is read forward only, as a stream, so asking for
/// pages in increasing order (as dispatching and listing do) never holds the whole list in memory.
/// </summary>
internal sealed class PageUrls(SourceSpec source, UrlListReader reader) : IAsyncDisposable
{
    private IAsyncEnumerator<string>? _lines;
    private int _linePage;

    public async ValueTask<string> UrlOfAsync(int page, CancellationToken cancellationToken)
    {
        if (source.UrlsBlob is not { } list)
        {
            return source.UrlOf(page);
        }

        if (_lines is not null && page == _linePage)
        {
            return _lines.Current;
        }

        if (_lines is null || page < _linePage)
        {
            // Asked for an earlier page: start the list again.
            await DisposeAsync();
            _lines = reader.ReadAsync(list, cancellationToken).GetAsyncEnumerator(cancellationToken);
            _linePage = 0;
        }

        while (_linePage < page)
        {
            if (!await _lines.MoveNextAsync())
            {
                throw new InvalidOperationException($"The URL list {list.Container}/{list.Name} has fewer than {page} URLs.");
            }

            _linePage++;
        }

        return _lines.Current;
    }

    public async ValueTask DisposeAsync()
    {
        if (_lines is not null)
        {
            await _lines.DisposeAsync();
            _lines = null;
        }
    }
}
