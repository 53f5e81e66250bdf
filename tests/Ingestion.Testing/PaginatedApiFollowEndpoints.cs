using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Testing;

/// <summary>
/// The styles of <see cref="PaginatedApi"/> where the client cannot compute the next request and must follow what
/// each page says: a relative <c>Link</c> header (<c>/links</c>), a relative URL in the body (<c>/json-next</c>), or
/// an opaque cursor (<c>/cursor</c>). They honour the misbehaviours: loops, stuck cursors and endless paging.
/// </summary>
internal static class PaginatedApiFollowEndpoints
{
    public static PaginatedApiResponse ServeLinkHeader(
        IQueryCollection query, PaginatedApiDataset dataset, PaginatedApiBehaviour behaviour)
    {
        if (!PaginatedApiQuery.TryReadNumber(query, "page", fallback: 1, minimum: 1, out var page))
        {
            return PaginatedApiResponse.BadRequest("page must be a whole number from 1.");
        }

        return Serve(dataset, behaviour, page, PaginatedApiBodies.BareArray, items =>
        {
            var response = PaginatedApiResponse.Ok(PaginatedApiBodies.BareArray(items));
            return NextPage(dataset, behaviour, page) is { } next
                ? response with { Headers = [new("Link", $"</links?page={Number(next)}>; rel=\"next\"")] }
                : response;
        });
    }

    public static PaginatedApiResponse ServeJsonNext(
        IQueryCollection query, PaginatedApiDataset dataset, PaginatedApiBehaviour behaviour)
    {
        if (!PaginatedApiQuery.TryReadNumber(query, "page", fallback: 1, minimum: 1, out var page))
        {
            return PaginatedApiResponse.BadRequest("page must be a whole number from 1.");
        }

        return Serve(
            dataset, behaviour, page, items => PaginatedApiBodies.DataWithNext(items, next: null), items =>
            {
                // Relative to the request URL (no leading slash), as some APIs do, so clients must resolve it.
                var next = NextPage(dataset, behaviour, page) is { } number ? $"json-next?page={Number(number)}" : null;
                return PaginatedApiResponse.Ok(PaginatedApiBodies.DataWithNext(items, next));
            });
    }

    public static PaginatedApiResponse ServeCursor(
        IQueryCollection query,
        PaginatedApiDataset dataset,
        PaginatedApiBehaviour behaviour,
        PaginatedApiCursor cursors)
    {
        if (!PaginatedApiQuery.TryReadText(query, "cursor", out var requested))
        {
            return PaginatedApiResponse.BadRequest("cursor must be given once, and not empty.");
        }

        var page = 1;
        if (requested is not null && !cursors.TryDecode(requested, out page))
        {
            return PaginatedApiResponse.BadRequest("cursor is not one this server gave out.");
        }

        return Serve(
            dataset, behaviour, page, items => PaginatedApiBodies.DataWithCursor(items, cursor: null), items =>
            {
                // A stuck first page has no cursor of its own to repeat; the one for page 1 keeps it stuck there.
                var next = behaviour.StuckCursorAt == page
                    ? requested ?? cursors.Encode(1)
                    : NextPage(dataset, behaviour, page) is { } number ? cursors.Encode(number) : null;
                return PaginatedApiResponse.Ok(PaginatedApiBodies.DataWithCursor(items, next));
            });
    }

    private static PaginatedApiResponse Serve(
        PaginatedApiDataset dataset,
        PaginatedApiBehaviour behaviour,
        int page,
        Func<PaginatedApiItemRange, byte[]> emptyPage,
        Func<PaginatedApiItemRange, PaginatedApiResponse> respond)
    {
        if (behaviour.UnavailableAt == page)
        {
            return PaginatedApiResponse.Unavailable();
        }

        if (page > dataset.PageCount && !behaviour.Endless)
        {
            return PaginatedApiResponse.PastEnd(behaviour.PastEnd, () => emptyPage(PaginatedApiItemRange.Empty));
        }

        var items = dataset.PageOrSynthetic(page);
        return items.IsNumberable
            ? respond(items)
            : PaginatedApiResponse.BadRequest("page is beyond the item ids this server can number.");
    }

    /// <summary>The page the given one points on to, or null on the last page of a well-behaved paginator.</summary>
    private static int? NextPage(PaginatedApiDataset dataset, PaginatedApiBehaviour behaviour, int page)
    {
        if (behaviour.LoopBackAt == page)
        {
            return 1;
        }

        return page < dataset.PageCount || behaviour.Endless ? page + 1 : null;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
