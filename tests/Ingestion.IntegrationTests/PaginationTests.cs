using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Every way a source can paginate, against a real API on loopback that pages one dataset in that style: each job must
/// store every record exactly once, find the end by the source's own rule, and stop where a misbehaving API would keep
/// it going.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PaginationTests(SharedCluster cluster)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(PastEndStyle.EmptyArray, "/items")]
    [InlineData(PastEndStyle.NotFound, null)]
    [InlineData(PastEndStyle.EmptyBody, null)]
    public async Task An_open_range_stops_at_the_first_page_past_the_end(PastEndStyle style, string? stopWhenEmpty)
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 195, pageSize: 10, Cancellation);
        api.PastEnd = style;
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.PageTemplate,
            Pages = new PageRange(1, null),
            StopWhenEmpty = stopWhenEmpty,
        }, concurrency: 6);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(20, 20, 0, 0, 0, 0), job.Pages);
        Assert.Contains("page 20", job.EndReason, StringComparison.Ordinal);
        Assert.False(job.Truncated);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, api.ItemCount, pages: 20);

        // Pages past the end that were already requested are neither stored nor counted, and not many were requested.
        Assert.InRange(api.TotalRequests, 21, 20 + 6);
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, 20), manifest.Pages.Select(page => page.Page));
        Assert.Equal(20, manifest.Source.PageCount);
    }

    [Fact]
    public async Task An_open_range_of_bare_arrays_stops_at_an_empty_array()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 50, pageSize: 10, Cancellation);
        api.BareArrays = true;
        api.PastEnd = PastEndStyle.BareEmptyArray;
        var spec = Job(SourceSpec.Range(api.PageTemplate, 1, null), concurrency: 3);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(new PageCounts(5, 5, 0, 0, 0, 0), job.Pages);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, api.ItemCount, pages: 5);
    }

    [Fact]
    public async Task An_open_range_without_an_end_stops_at_maxPages_and_says_it_was_truncated()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 1_000, pageSize: 10, Cancellation);
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.PageTemplate,
            Pages = new PageRange(1, null),
            StopWhenEmpty = "/items",
        }, concurrency: 4) with { MaxPages = 7 };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(7, 7, 0, 0, 0, 0), job.Pages);
        Assert.True(job.Truncated);
        Assert.Contains("maxPages (7)", job.EndReason, StringComparison.Ordinal);
        Assert.Equal(7, api.TotalRequests);
    }

    [Fact]
    public async Task Offset_paging_discovers_the_total_from_a_header_of_items_and_fans_out()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 333, pageSize: 25, Cancellation);
        api.Delay = TimeSpan.FromMilliseconds(20);
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.OffsetTemplate,
            PageSize = 25,
            Pages = new PageRange(1, null),
            Total = new TotalSpec { Counts = TotalCounts.Items, Header = "X-Total-Count" },
        }, concurrency: 8);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(14, 14, 0, 0, 0, 0), job.Pages);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, api.ItemCount, pages: 14);
        Assert.Equal(14, api.TotalRequests);

        // Once the first page gave the total, the rest went out together, not one by one.
        Assert.True(api.MaxConcurrentRequests > 1, $"max concurrency {api.MaxConcurrentRequests}");
    }

    [Theory]
    [InlineData("pointer")]
    [InlineData("linkLast")]
    [InlineData("header")]
    public async Task A_stated_number_of_pages_is_read_from_the_first_page(string how)
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 401, pageSize: 20, Cancellation);
        api.Delay = TimeSpan.FromMilliseconds(20);
        var total = how switch
        {
            "pointer" => new TotalSpec { Counts = TotalCounts.Pages, JsonPointer = "/total_pages" },
            "linkLast" => new TotalSpec { Counts = TotalCounts.Pages, LinkLast = true },
            _ => new TotalSpec { Counts = TotalCounts.Pages, Header = "X-Total-Pages" },
        };
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.PageTemplate,
            Pages = new PageRange(1, null),
            Total = total,
        }, concurrency: 8);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(new PageCounts(21, 21, 0, 0, 0, 0), job.Pages);
        Assert.Equal("Page 1 states 21 pages.", job.EndReason);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, api.ItemCount, pages: 21);
        Assert.Equal(21, api.TotalRequests);
        Assert.True(api.MaxConcurrentRequests > 1, $"max concurrency {api.MaxConcurrentRequests}");
    }

    [Fact]
    public async Task A_stated_total_over_maxPages_fetches_maxPages_and_says_so()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 500, pageSize: 10, Cancellation);
        var spec = Job(new SourceSpec
        {
            Kind = SourceKind.Range,
            UrlTemplate = api.PageTemplate,
            Pages = new PageRange(1, null),
            Total = new TotalSpec { Counts = TotalCounts.Pages, JsonPointer = "/total_pages" },
        }, concurrency: 8) with { MaxPages = 12 };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(new PageCounts(12, 12, 0, 0, 0, 0), job.Pages);
        Assert.True(job.Truncated);
        Assert.Equal(12, api.TotalRequests);
    }

    [Theory]
    [InlineData("linkHeader")]
    [InlineData("jsonPointer")]
    [InlineData("cursor")]
    public async Task A_followed_source_is_fetched_to_its_last_page_with_each_page_recording_the_one_that_named_it(string how)
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 157, pageSize: 10, Cancellation);
        var (start, next) = Follow(api, how);
        var spec = Job(SourceSpec.Follow(start, next));

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(16, 16, 0, 0, 0, 0), job.Pages);
        Assert.Equal("Page 16 names no next page: it is the last.", job.EndReason);
        await StoredPages.AssertEveryItemStoredOnceAsync(cluster.Blobs, spec.Destination, api.ItemCount, pages: 16);
        Assert.Equal(16, api.TotalRequests);

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, 16), manifest.Pages.Select(page => page.Page));
        Assert.Null(manifest.Pages[0].ReachedFrom);
        Assert.Equal(start, manifest.Pages[0].Url);
        Assert.All(manifest.Pages.Skip(1), page => Assert.Equal(page.Page - 1, page.ReachedFrom));
        Assert.Equal(16, manifest.Pages.Select(page => page.Url).Distinct().Count());
        Assert.Equal(api.RequestLog.Select(path => api.BaseUrl + path), manifest.Pages.Select(page => page.Url));
    }

    [Theory]
    [InlineData("linkHeader")]
    [InlineData("jsonPointer")]
    [InlineData("cursor")]
    public async Task A_next_link_back_to_a_fetched_page_stops_the_chain_instead_of_looping(string how)
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 100, pageSize: 10, Cancellation);
        api.LoopBackAt = 4;
        var (start, next) = Follow(api, how);
        var spec = Job(SourceSpec.Follow(start, next));

        var job = await cluster.RunAsync(spec);

        // Page 4 names page 1 again. The first page of a cursor chain is asked for without a cursor, so the link back
        // is a new URL; the loop shows one page later, when that page names page 2's cursor.
        var pages = how == "cursor" ? 5 : 4;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(pages, pages, 0, 0, 0, 0), job.Pages);
        Assert.Contains("already fetched", job.EndReason, StringComparison.Ordinal);
        Assert.Equal(pages, api.TotalRequests);
    }

    [Fact]
    public async Task A_cursor_that_does_not_change_stops_the_chain()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 100, pageSize: 10, Cancellation);
        api.StuckCursorAt = 3;
        var (start, next) = Follow(api, "cursor");
        var spec = Job(SourceSpec.Follow(start, next));

        var job = await cluster.RunAsync(spec);

        Assert.Equal(new PageCounts(3, 3, 0, 0, 0, 0), job.Pages);
        Assert.Contains("cursor did not change after page 3", job.EndReason, StringComparison.Ordinal);
        Assert.Equal(3, api.TotalRequests);
    }

    [Fact]
    public async Task An_endless_chain_stops_at_maxPages()
    {
        await using var api = await PaginatedApi.StartAsync(itemCount: 30, pageSize: 10, Cancellation);
        api.Endless = true;
        var (start, next) = Follow(api, "jsonPointer");
        var spec = Job(SourceSpec.Follow(start, next)) with { MaxPages = 25 };

        var job = await cluster.RunAsync(spec);

        Assert.Equal(new PageCounts(25, 25, 0, 0, 0, 0), job.Pages);
        Assert.True(job.Truncated);
        Assert.Contains("maxPages (25)", job.EndReason, StringComparison.Ordinal);
        Assert.Equal(25, api.TotalRequests);
    }

    [Fact]
    public async Task A_url_list_in_a_blob_is_fetched_line_by_line_and_a_bad_line_fails_only_its_page()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        const int count = 3_000;
        var lines = new List<string> { "# exported list", "" };
        lines.AddRange(Enumerable.Range(1, count).Select(page => upstream.PageUrl(page)));
        lines[1 + 1_500] = "not a url";
        var list = new UrlListUploader(cluster.Blobs);
        var reference = await list.UploadAsync(lines, Cancellation);
        var spec = Job(SourceSpec.ListInBlob(reference.Container, reference.Name), concurrency: 32);

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
        Assert.Equal(new PageCounts(count, count - 1, 1, 0, 0, 0), job.Pages);
        var failed = await cluster.Job(job.Id).ListPagesAsync(PageStatus.Failed, 0, 10);
        var bad = Assert.Single(failed!.Items);
        Assert.Equal(1_500, bad.Page);
        Assert.Equal("not a url", bad.Url);
        for (var page = 1; page <= count; page++)
        {
            Assert.Equal(page == 1_500 ? 0 : 1, upstream.RequestCount(page));
        }

        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(Enumerable.Range(1, count), manifest.Pages.Select(page => page.Page));
        Assert.Equal(upstream.PageUrl(2_999), manifest.Pages[2_998].Url);
    }

    [Fact]
    public async Task A_list_of_a_million_urls_is_read_as_a_stream_and_the_job_takes_maxPages_of_it()
    {
        await using var upstream = await UpstreamServer.StartNewAsync(Cancellation);
        const int count = 1_000_000;
        var list = new UrlListUploader(cluster.Blobs);
        var reference = await list.UploadAsync(Enumerable.Range(1, count).Select(page => upstream.PageUrl(page)), Cancellation);
        var spec = Job(SourceSpec.ListInBlob(reference.Container, reference.Name), concurrency: 32) with { MaxPages = 2_000 };

        var job = await cluster.RunAsync(spec, TimeSpan.FromMinutes(2));

        // The whole list was counted (to know it is longer than maxPages), and its first maxPages URLs fetched once each.
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new PageCounts(2_000, 2_000, 0, 0, 0, 0), job.Pages);
        Assert.True(job.Truncated);
        Assert.Equal("The URL list holds 1000000 URLs; maxPages (2000) stops the job there.", job.EndReason);
        Assert.Equal(2_000, upstream.TotalRequests);
        Assert.All(Enumerable.Range(1, 2_000), page => Assert.Equal(1, upstream.RequestCount(page)));
        var manifest = await StoredPages.ReadManifestAsync(cluster.Blobs, spec.Destination);
        Assert.Equal(upstream.PageUrl(2_000), manifest.Pages[^1].Url);
    }

    [Fact]
    public async Task A_missing_url_list_fails_the_job_at_once_with_the_reason()
    {
        var spec = Job(SourceSpec.ListInBlob("lists", $"missing-{Guid.NewGuid():N}.txt"));

        var job = await cluster.RunAsync(spec);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("does not exist", job.Error, StringComparison.Ordinal);
    }

    private static (string Start, NextSpec Next) Follow(PaginatedApi api, string how) => how switch
    {
        "linkHeader" => (api.LinkHeaderStart, new NextSpec { LinkHeader = true }),
        "jsonPointer" => (api.JsonNextStart, new NextSpec { JsonPointer = "/next" }),
        _ => (api.CursorStart, new NextSpec { CursorPointer = "/meta/cursor", CursorParam = "cursor" }),
    };

    private static JobSpec Job(SourceSpec source, int concurrency = 16) => new()
    {
        Source = source,
        Concurrency = concurrency,
        Retry = Specs.FastRetry,
        Destination = Specs.NewDestination(),
    };
}
