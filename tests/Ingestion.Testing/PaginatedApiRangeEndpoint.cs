using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing;

/// <summary>
/// <c>GET /items</c> of <see cref="PaginatedApi"/>: the client names the range it wants, either
/// <c>?page={n}&amp;per_page={size}</c> (pages from 1) or <c>?offset={o}&amp;limit={l}</c>, and every response tells
/// the totals (<c>X-Total-Count</c>, <c>X-Total-Pages</c>) and the neighbouring ranges (<c>Link</c>) in the same style.
/// </summary>
internal static class PaginatedApiRangeEndpoint
{
    public static PaginatedApiResponse Serve(
        IQueryCollection query, string baseUrl, PaginatedApiDataset dataset, PaginatedApiBehaviour behaviour)
    {
        var byOffset = query.ContainsKey("offset") || query.ContainsKey("limit");
        var byPage = query.ContainsKey("page") || query.ContainsKey("per_page");
        if (byOffset && byPage)
        {
            return PaginatedApiResponse.BadRequest("Ask by page and per_page, or by offset and limit, not both.");
        }

        if (byOffset)
        {
            if (!PaginatedApiQuery.TryReadNumber(query, "offset", fallback: 0, minimum: 0, out var offset)
                || !PaginatedApiQuery.TryReadNumber(query, "limit", dataset.PageSize, minimum: 1, out var limit))
            {
                return PaginatedApiResponse.BadRequest("offset must be a whole number from 0 and limit from 1.");
            }

            return Serve(dataset, behaviour, offset, limit, start => Url(baseUrl, $"offset={start}&limit={limit}"));
        }

        if (!PaginatedApiQuery.TryReadNumber(query, "page", fallback: 1, minimum: 1, out var page)
            || !PaginatedApiQuery.TryReadNumber(query, "per_page", dataset.PageSize, minimum: 1, out var perPage))
        {
            return PaginatedApiResponse.BadRequest("page and per_page must be whole numbers from 1.");
        }

        return Serve(
            dataset, behaviour, (page - 1L) * perPage, perPage,
            start => Url(baseUrl, $"page={start / perPage + 1}&per_page={perPage}"));
    }

    // Both styles are a window of `limit` items from `offset`; they differ only in how a window is written as a URL.
    // The body's "page" is the window's page number on a grid of `limit` (offset 25, limit 10 is page 3).
    private static PaginatedApiResponse Serve(
        PaginatedApiDataset dataset, PaginatedApiBehaviour behaviour, long offset, int limit, Func<long, string> urlOf)
    {
        var itemCount = dataset.ItemCount;
        var totalPages = dataset.PagesOf(limit);
        var page = offset / limit + 1;
        var next = offset + limit < itemCount ? urlOf(offset + limit) : null;
        var lastOffset = itemCount == 0 ? 0 : (itemCount - 1L) / limit * limit;

        var links = new List<string>(4);
        if (next is not null)
        {
            links.Add(LinkTo(next, "next"));
        }

        if (offset > 0)
        {
            links.Add(LinkTo(urlOf(Math.Max(0, offset - limit)), "prev"));
        }

        links.Add(LinkTo(urlOf(0), "first"));
        links.Add(LinkTo(urlOf(lastOffset), "last"));

        var items = dataset.Slice(offset, limit);
        byte[] Body(PaginatedApiItemRange range) => behaviour.BareArrays
            ? PaginatedApiBodies.BareArray(range)
            : PaginatedApiBodies.ItemsObject(range, itemCount, totalPages, page, next);

        var response = offset >= itemCount
            ? PaginatedApiResponse.PastEnd(behaviour.PastEnd, () => Body(PaginatedApiItemRange.Empty))
            : PaginatedApiResponse.Ok(Body(items));
        return response with
        {
            Headers =
            [
                new("X-Total-Count", itemCount.ToString(CultureInfo.InvariantCulture)),
                new("X-Total-Pages", totalPages.ToString(CultureInfo.InvariantCulture)),
                new("Link", string.Join(", ", links)),
            ],
        };
    }

    private static string Url(string baseUrl, FormattableString query) =>
        $"{baseUrl}/items?{FormattableString.Invariant(query)}";

    private static string LinkTo(string url, string relation) => $"<{url}>; rel=\"{relation}\"";
}
