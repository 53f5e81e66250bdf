using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

public sealed class PaginatedApiTests : IAsyncLifetime
{
    // 25 items in pages of 10: three pages, the last one short, which is where off-by-one bugs live.
    private const int Items = 25;
    private const int Size = 10;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<PaginatedApi> _servers = [];
    private readonly List<HttpResponseMessage> _responses = [];
    private PaginatedApi _api = null!;

    public enum FollowStyle
    {
        LinkHeader,
        JsonNext,
        Cursor,
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await StartAsync(Items, Size);

    public async ValueTask DisposeAsync()
    {
        foreach (var response in _responses)
        {
            response.Dispose();
        }

        _http.Dispose();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(25, 10, 3)]
    [InlineData(30, 10, 3)]
    [InlineData(1, 7, 1)]
    [InlineData(0, 10, 0)]
    public async Task PageCountIsItemsOverPageSizeRoundedUp(int itemCount, int pageSize, int pageCount)
    {
        var api = await StartAsync(itemCount, pageSize);

        Assert.Equal(pageCount, api.PageCount);
        Assert.Equal(itemCount, api.ItemCount);
        Assert.Equal(pageSize, api.PageSize);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", api.BaseUrl);
    }

    [Fact]
    public void TemplatesLeaveTheirPlaceholdersForTheCaller()
    {
        Assert.Equal($"{_api.BaseUrl}/items?page={{page}}&per_page=10", _api.PageTemplate);
        Assert.Equal($"{_api.BaseUrl}/items?offset={{offset}}&limit={{limit}}", _api.OffsetTemplate);
        Assert.Equal($"{_api.BaseUrl}/links?page=1", _api.LinkHeaderStart);
        Assert.Equal($"{_api.BaseUrl}/json-next?page=1", _api.JsonNextStart);
        Assert.Equal($"{_api.BaseUrl}/cursor", _api.CursorStart);
    }

    [Theory]
    [InlineData(25, 10)]
    [InlineData(30, 10)]
    [InlineData(3, 1)]
    public async Task WalkingPageNumbersYieldsEveryIdOnceInOrder(int itemCount, int pageSize)
    {
        var api = await StartAsync(itemCount, pageSize);
        var ids = new List<int>();

        for (var page = 1; page <= api.PageCount; page++)
        {
            var (_, body) = await GetAsync(PageUrl(api, page));
            ids.AddRange(PaginatedApi.ItemIdsIn(body));
        }

        Assert.Equal(Enumerable.Range(1, itemCount), ids);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    [InlineData(25)]
    public async Task WalkingOffsetsUntilAnEmptyPageYieldsEveryIdOnceInOrder(int limit)
    {
        var ids = new List<int>();

        for (var offset = 0; ; offset += limit)
        {
            var (_, body) = await GetAsync(OffsetUrl(offset, limit));
            var page = PaginatedApi.ItemIdsIn(body);
            if (page.Count == 0)
            {
                break;
            }

            ids.AddRange(page);
        }

        Assert.Equal(Enumerable.Range(1, Items), ids);
    }

    [Theory]
    [InlineData(FollowStyle.LinkHeader)]
    [InlineData(FollowStyle.JsonNext)]
    [InlineData(FollowStyle.Cursor)]
    public async Task FollowingNextYieldsEveryIdOnceInOrderAndEndsOnTheLastPage(FollowStyle style)
    {
        var pages = await WalkAsync(style, maxPages: 10);

        Assert.Equal(3, pages.Count);
        Assert.Equal(Enumerable.Range(1, Items), pages.SelectMany(page => page.Ids));
        Assert.Null(pages[^1].Next);
    }

    [Fact]
    public async Task LinkHeaderNextIsRelativeAndAbsentOnTheLastPage()
    {
        var (first, _) = await GetAsync(_api.LinkHeaderStart);
        var (last, _) = await GetAsync($"{_api.BaseUrl}/links?page=3");

        Assert.Equal("</links?page=2>; rel=\"next\"", string.Join(", ", first.Headers.GetValues("Link")));
        Assert.False(last.Headers.Contains("Link"));
    }

    [Fact]
    public async Task JsonNextIsRelativeToTheRequestAndNullOnTheLastPage()
    {
        var (_, first) = await GetAsync(_api.JsonNextStart);
        var (_, last) = await GetAsync($"{_api.BaseUrl}/json-next?page=3");

        Assert.Equal("json-next?page=2", Property(first, "next").GetString());
        Assert.Equal(JsonValueKind.Null, Property(last, "next").ValueKind);
    }

    [Fact]
    public async Task CursorsAreOpaqueDistinctAndNullOnTheLastPage()
    {
        var pages = await WalkAsync(FollowStyle.Cursor, maxPages: 10);
        var cursors = pages.Take(2).Select(page => CursorIn(page.Body)!).ToList();

        Assert.All(cursors, cursor => Assert.False(int.TryParse(cursor, out _), $"{cursor} is a page number"));
        Assert.Equal(cursors.Count, cursors.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, Property(pages[^1].Body, "meta").GetProperty("cursor").ValueKind);
    }

    [Fact]
    public async Task ItemsCarryIdNameAndADeterministicPayload()
    {
        var other = await StartAsync(Items, Size);

        var (_, body) = await GetAsync(PageUrl(_api, 1));
        var (_, again) = await GetAsync(PageUrl(other, 1));

        var item = Property(body, "items")[0];
        Assert.Equal(1, item.GetProperty("id").GetInt32());
        Assert.Equal("item-1", item.GetProperty("name").GetString());
        Assert.InRange(item.GetProperty("payload").GetString()!.Length, 80, 120);
        Assert.Equal(Property(body, "items").GetRawText(), Property(again, "items").GetRawText());
    }

    [Fact]
    public async Task PageBodyTellsTotalsPageAndAbsoluteNext()
    {
        var (response, body) = await GetAsync(PageUrl(_api, 2));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Items, Property(body, "total").GetInt32());
        Assert.Equal(3, Property(body, "total_pages").GetInt32());
        Assert.Equal(2, Property(body, "page").GetInt32());
        Assert.Equal(PageUrl(_api, 3), Property(body, "next").GetString());
    }

    [Fact]
    public async Task LastPageBodyHasNullNext()
    {
        var (_, body) = await GetAsync(PageUrl(_api, 3));

        Assert.Equal(JsonValueKind.Null, Property(body, "next").ValueKind);
        Assert.Equal([21, 22, 23, 24, 25], PaginatedApi.ItemIdsIn(body));
    }

    [Fact]
    public async Task MiddlePageHeadersGiveTotalsAndEveryLink()
    {
        var (response, _) = await GetAsync(PageUrl(_api, 2));

        Assert.Equal("25", Header(response, "X-Total-Count"));
        Assert.Equal("3", Header(response, "X-Total-Pages"));
        Assert.Equal(PageUrl(_api, 3), LinkTarget(response, "next"));
        Assert.Equal(PageUrl(_api, 1), LinkTarget(response, "prev"));
        Assert.Equal(PageUrl(_api, 1), LinkTarget(response, "first"));
        Assert.Equal(PageUrl(_api, 3), LinkTarget(response, "last"));
    }

    [Fact]
    public async Task FirstPageHasNoPrevAndLastPageHasNoNext()
    {
        var (first, _) = await GetAsync(PageUrl(_api, 1));
        var (last, _) = await GetAsync(PageUrl(_api, 3));

        Assert.Null(LinkTarget(first, "prev"));
        Assert.Null(LinkTarget(last, "next"));
        Assert.Equal(PageUrl(_api, 3), LinkTarget(last, "last"));
    }

    [Fact]
    public async Task OffsetLinksStayInTheOffsetStyle()
    {
        var (response, body) = await GetAsync(OffsetUrl(offset: 5, limit: 10));

        Assert.Equal(Enumerable.Range(6, 10), PaginatedApi.ItemIdsIn(body));
        Assert.Equal("3", Header(response, "X-Total-Pages"));
        Assert.Equal(OffsetUrl(15, 10), LinkTarget(response, "next"));
        Assert.Equal(OffsetUrl(0, 10), LinkTarget(response, "prev"));
        Assert.Equal(OffsetUrl(0, 10), LinkTarget(response, "first"));
        Assert.Equal(OffsetUrl(20, 10), LinkTarget(response, "last"));
    }

    [Fact]
    public async Task PerPageOtherThanTheDefaultIsHonouredInBodyAndLinks()
    {
        var (response, body) = await GetAsync($"{_api.BaseUrl}/items?page=2&per_page=20");

        Assert.Equal(Enumerable.Range(21, 5), PaginatedApi.ItemIdsIn(body));
        Assert.Equal("2", Header(response, "X-Total-Pages"));
        Assert.Null(LinkTarget(response, "next"));
        Assert.Equal($"{_api.BaseUrl}/items?page=1&per_page=20", LinkTarget(response, "prev"));
    }

    [Fact]
    public async Task PastTheEndIsAnEmptyItemsObjectByDefault()
    {
        var (response, body) = await GetAsync(PageUrl(_api, 4));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Property(body, "items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, Property(body, "next").ValueKind);
        Assert.Equal("25", Header(response, "X-Total-Count"));
    }

    [Theory]
    [InlineData(PastEndStyle.NotFound, HttpStatusCode.NotFound)]
    [InlineData(PastEndStyle.EmptyBody, HttpStatusCode.OK)]
    [InlineData(PastEndStyle.BareEmptyArray, HttpStatusCode.OK)]
    public async Task PastTheEndAnswersInTheChosenStyle(PastEndStyle style, HttpStatusCode status)
    {
        _api.PastEnd = style;

        var (response, body) = await GetAsync(PageUrl(_api, 4));

        Assert.Equal(status, response.StatusCode);
        Assert.Empty(PaginatedApi.ItemIdsIn(body));
        switch (style)
        {
            case PastEndStyle.EmptyBody:
                Assert.Empty(body);
                Assert.Equal(0, response.Content.Headers.ContentLength);
                break;
            case PastEndStyle.BareEmptyArray:
                Assert.Equal("[]"u8.ToArray(), body);
                break;
        }
    }

    [Fact]
    public async Task PastTheEndAppliesToOffsetsAndFollowStylesToo()
    {
        _api.PastEnd = PastEndStyle.NotFound;

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(OffsetUrl(25, 10))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{_api.BaseUrl}/links?page=4")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(OffsetUrl(24, 10))).Response.StatusCode);
    }

    [Fact]
    public async Task AnEmptyDatasetHasNoPagesSoPageOneIsPastTheEnd()
    {
        var api = await StartAsync(itemCount: 0, pageSize: 10);
        api.PastEnd = PastEndStyle.NotFound;

        var (response, _) = await GetAsync(PageUrl(api, 1));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("0", Header(response, "X-Total-Count"));
        Assert.Equal("0", Header(response, "X-Total-Pages"));
    }

    [Fact]
    public async Task BareArraysServeItemsWithoutTheObjectAndEndOnAnEmptyArray()
    {
        _api.BareArrays = true;

        var (_, page) = await GetAsync(PageUrl(_api, 3));
        var (_, pastEnd) = await GetAsync(PageUrl(_api, 4));

        Assert.Equal((byte)'[', page[0]);
        Assert.Equal([21, 22, 23, 24, 25], PaginatedApi.ItemIdsIn(page));
        Assert.Equal("[]"u8.ToArray(), pastEnd);
    }

    [Theory]
    [InlineData("/items?page=0")]
    [InlineData("/items?page=abc")]
    [InlineData("/items?page=-1")]
    [InlineData("/items?page=1&page=2")]
    [InlineData("/items?page=1&per_page=0")]
    [InlineData("/items?offset=-1&limit=10")]
    [InlineData("/items?offset=0&limit=0")]
    [InlineData("/items?page=1&offset=0")]
    [InlineData("/links?page=0")]
    [InlineData("/json-next?page=x")]
    [InlineData("/cursor?cursor=")]
    [InlineData("/cursor?cursor=3")]
    [InlineData("/cursor?cursor=bm90LW91cnM6Mg")]
    public async Task InvalidParametersAreRefused(string pathAndQuery)
    {
        var (response, _) = await GetAsync(_api.BaseUrl + pathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CursorFromAnotherServerIsRefused()
    {
        var other = await StartAsync(Items, Size);
        var (_, first) = await GetAsync(other.CursorStart);

        var (response, _) = await GetAsync(CursorUrl(_api, CursorIn(first)!));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(FollowStyle.LinkHeader)]
    [InlineData(FollowStyle.JsonNext)]
    [InlineData(FollowStyle.Cursor)]
    public async Task LoopBackAtPointsThatPageBackToPageOne(FollowStyle style)
    {
        _api.LoopBackAt = 2;

        var pages = await WalkAsync(style, maxPages: 5);

        Assert.Equal([1, 11, 1, 11, 1], pages.Select(page => page.Ids[0]));
        Assert.Equal(pages[0].Ids, pages[2].Ids);
    }

    [Fact]
    public async Task LoopBackAtTheLastPageLoopsInsteadOfEnding()
    {
        _api.LoopBackAt = 3;

        var pages = await WalkAsync(FollowStyle.LinkHeader, maxPages: 4);

        Assert.Equal(new Uri(_api.LinkHeaderStart), pages[2].Next);
    }

    [Fact]
    public async Task StuckCursorAtRepeatsTheCursorThatPageWasAskedWith()
    {
        _api.StuckCursorAt = 2;

        var pages = await WalkAsync(FollowStyle.Cursor, maxPages: 4);

        var cursorForPageTwo = CursorIn(pages[0].Body);
        Assert.All(pages.Skip(1), page => Assert.Equal(cursorForPageTwo, CursorIn(page.Body)));
        Assert.All(pages.Skip(1), page => Assert.Equal(Enumerable.Range(11, 10), page.Ids));
    }

    [Fact]
    public async Task StuckCursorAtPageOneKeepsAnsweringPageOne()
    {
        _api.StuckCursorAt = 1;

        var pages = await WalkAsync(FollowStyle.Cursor, maxPages: 3);

        Assert.All(pages, page => Assert.Equal(Enumerable.Range(1, 10), page.Ids));
        Assert.Equal(CursorIn(pages[1].Body), CursorIn(pages[2].Body));
    }

    [Theory]
    [InlineData(FollowStyle.LinkHeader)]
    [InlineData(FollowStyle.JsonNext)]
    [InlineData(FollowStyle.Cursor)]
    public async Task EndlessNeverStopsAndServesSyntheticItemsPastTheEnd(FollowStyle style)
    {
        _api.Endless = true;

        var pages = await WalkAsync(style, maxPages: 6);

        Assert.Equal(6, pages.Count);
        Assert.All(pages, page => Assert.NotNull(page.Next));
        Assert.Equal(Enumerable.Range(1, Items), pages.Take(3).SelectMany(page => page.Ids));
        Assert.Equal(Enumerable.Range(31, 30), pages.Skip(3).SelectMany(page => page.Ids));
    }

    [Fact]
    public async Task RequestsAreCountedExactlyAsSentAndLoggedInOrder()
    {
        await GetAsync(PageUrl(_api, 3));
        await GetAsync(PageUrl(_api, 1));
        await GetAsync(PageUrl(_api, 3));
        await GetAsync(_api.BaseUrl + "/nowhere");

        Assert.Equal(2, _api.RequestCount("/items?page=3&per_page=10"));
        Assert.Equal(1, _api.RequestCount("/items?page=1&per_page=10"));
        Assert.Equal(0, _api.RequestCount("/items?per_page=10&page=1"));
        Assert.Equal(4, _api.TotalRequests);
        Assert.Equal(
            ["/items?page=3&per_page=10", "/items?page=1&per_page=10", "/items?page=3&per_page=10", "/nowhere"],
            _api.RequestLog);
    }

    [Fact]
    public async Task RequestsOneAfterAnotherAreNeverConcurrent()
    {
        await WalkAsync(FollowStyle.JsonNext, maxPages: 10);

        Assert.Equal(1, _api.MaxConcurrentRequests);
        Assert.Equal(3, _api.TotalRequests);
    }

    [Fact]
    public async Task OverlappingRequestsAreCountedAsConcurrentAndDelayed()
    {
        _api.Delay = TimeSpan.FromMilliseconds(500);
        var elapsed = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(1, 4).Select(page => GetAsync(PageUrl(_api, page))));

        Assert.Equal(4, _api.MaxConcurrentRequests);
        Assert.True(elapsed.Elapsed >= TimeSpan.FromMilliseconds(450), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task DisposingTheServerEndsDelayedRequestsPromptly()
    {
        _api.Delay = TimeSpan.FromMinutes(1);
        var waiting = _http.GetAsync(_api.LinkHeaderStart, Cancellation);
        await WaitUntilAsync(() => _api.TotalRequests == 1);

        var stopping = Stopwatch.StartNew();
        await _api.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => waiting);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"took {stopping.Elapsed}");
    }

    [Fact]
    public void ItemIdsInReadsEveryBodyShapeAndNoneFromEmptyOrErrorBodies()
    {
        Assert.Equal([4, 5], PaginatedApi.ItemIdsIn("""[{"id":4,"name":"x"},{"id":5}]"""u8));
        Assert.Equal([7], PaginatedApi.ItemIdsIn("""{"total":1,"items":[{"payload":"p","id":7}],"next":null}"""u8));
        Assert.Equal([8], PaginatedApi.ItemIdsIn("""{"data":[{"id":8}],"meta":{"cursor":null}}"""u8));
        Assert.Empty(PaginatedApi.ItemIdsIn(""u8));
        Assert.Empty(PaginatedApi.ItemIdsIn("""{"error":"No such page."}"""u8));
    }

    private async Task<PaginatedApi> StartAsync(int itemCount, int pageSize)
    {
        var api = await PaginatedApi.StartAsync(itemCount, pageSize, Cancellation);
        _servers.Add(api);
        return api;
    }

    private static string PageUrl(PaginatedApi api, int page) => api.PageTemplate.Replace("{page}", Text(page));

    private string OffsetUrl(int offset, int limit) =>
        _api.OffsetTemplate.Replace("{offset}", Text(offset)).Replace("{limit}", Text(limit));

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string CursorUrl(PaginatedApi api, string cursor) =>
        $"{api.CursorStart}?cursor={Uri.EscapeDataString(cursor)}";

    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url)
    {
        var response = await _http.GetAsync(url, Cancellation);
        _responses.Add(response);
        var body = await response.Content.ReadAsByteArrayAsync(Cancellation);
        return (response, body);
    }

    /// <summary>Follows a follow style from its start the way a client would, for at most
    /// <paramref name="maxPages"/> requests.</summary>
    private async Task<List<WalkedPage>> WalkAsync(FollowStyle style, int maxPages)
    {
        var pages = new List<WalkedPage>();
        Uri? url = new(style switch
        {
            FollowStyle.LinkHeader => _api.LinkHeaderStart,
            FollowStyle.JsonNext => _api.JsonNextStart,
            _ => _api.CursorStart,
        });
        while (url is not null && pages.Count < maxPages)
        {
            var (response, body) = await GetAsync(url.AbsoluteUri);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var next = style switch
            {
                FollowStyle.LinkHeader => LinkTarget(response, "next") is { } link ? new Uri(url, link) : null,
                FollowStyle.JsonNext => Property(body, "next").GetString() is { } link ? new Uri(url, link) : null,
                _ => CursorIn(body) is { } cursor ? new Uri(CursorUrl(_api, cursor)) : null,
            };
            pages.Add(new WalkedPage(body, PaginatedApi.ItemIdsIn(body), next));
            url = next;
        }

        return pages;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static JsonElement Property(byte[] body, string name)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(name).Clone();
    }

    private static string? CursorIn(byte[] body) => Property(body, "meta").GetProperty("cursor").GetString();

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(",", response.Headers.GetValues(name));

    /// <summary>The target of the <c>Link</c> header entry with that relation, or null when there is none.</summary>
    private static string? LinkTarget(HttpResponseMessage response, string relation) =>
        response.Headers.TryGetValues("Link", out var values)
            ? values.SelectMany(value => value.Split(','))
                .Select(entry => entry.Split(';', StringSplitOptions.TrimEntries))
                .Where(parts => parts.Skip(1).Contains($"rel=\"{relation}\""))
                .Select(parts => parts[0].TrimStart('<').TrimEnd('>'))
                .SingleOrDefault()
            : null;

    private sealed record WalkedPage(byte[] Body, IReadOnlyList<int> Ids, Uri? Next);
}
