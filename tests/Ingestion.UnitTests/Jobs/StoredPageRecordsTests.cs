using Ingestion.Grains.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Jobs;

/// <summary>
/// The tally keeps the records of stored pages as they end, up to a limit, and says whether they cover every stored
/// page: only then may a manifest be written from them instead of from a listing of the blobs.
/// </summary>
public class StoredPageRecordsTests
{
    private static PageRecord Stored(int page) => new()
    {
        Page = page,
        Url = $"https://x.example/{page}",
        Status = PageStatus.Succeeded,
        Blob = $"p/pages/{page:D6}.json",
        Bytes = 10,
        ETag = $"\"v{page}\"",
    };

    private static PageRecord Failed(int page) => new() { Page = page, Url = $"https://x.example/{page}", Status = PageStatus.Failed, HttpStatus = 404 };

    [Fact]
    public void Every_stored_page_is_kept_as_it_was_reported_and_covered()
    {
        var tally = new PageTally(end: 5, cap: 100, storedRecordsKept: 10);

        foreach (var page in new[] { Stored(3), Stored(1), Failed(2), Stored(5) })
        {
            tally.RecordEnded(page);
        }

        var kept = tally.StoredRecords.Covering(tally.Succeeded);
        Assert.NotNull(kept);
        Assert.Equal([1, 3, 5], kept.Keys.Order());
        Assert.Equal(Stored(3), kept[3]);
    }

    [Fact]
    public void A_page_reported_twice_is_kept_once_as_it_was_first_counted()
    {
        var tally = new PageTally(end: 2, cap: 100, storedRecordsKept: 10);

        tally.RecordEnded(Stored(1));
        tally.RecordEnded(Stored(1) with { Blob = "elsewhere" });

        var kept = tally.StoredRecords.Covering(tally.Succeeded);
        Assert.NotNull(kept);
        Assert.Equal("p/pages/000001.json", Assert.Single(kept).Value.Blob);
    }

    [Fact]
    public void Past_the_limit_no_record_is_kept_and_none_cover_the_stored_pages()
    {
        var tally = new PageTally(end: 10, cap: 100, storedRecordsKept: 3);

        foreach (var page in Enumerable.Range(1, 4))
        {
            tally.RecordEnded(Stored(page));
        }

        Assert.Null(tally.StoredRecords.Covering(tally.Succeeded));
        Assert.Equal(0, tally.StoredRecords.Count);

        // Nor do they once more pages end.
        tally.RecordEnded(Stored(5));
        Assert.Null(tally.StoredRecords.Covering(tally.Succeeded));
    }

    [Fact]
    public void Up_to_the_limit_the_records_are_kept() =>
        Assert.NotNull(TallyOf(storedRecordsKept: 3, stored: 3).StoredRecords.Covering(3));

    [Fact]
    public void A_limit_of_none_keeps_no_record() =>
        Assert.Null(TallyOf(storedRecordsKept: 0, stored: 1).StoredRecords.Covering(1));

    [Fact]
    public void Records_kept_do_not_cover_stored_pages_counted_without_them()
    {
        // A tally whose stored count went past what it kept (as a job's would, were a stored page counted some other
        // way) must fall back to listing the blobs.
        var tally = TallyOf(storedRecordsKept: 10, stored: 2);

        Assert.Null(tally.StoredRecords.Covering(tally.Succeeded + 1));
    }

    [Fact]
    public void Released_records_are_let_go_but_a_reader_keeps_those_it_holds()
    {
        var tally = TallyOf(storedRecordsKept: 10, stored: 2);
        var reading = tally.StoredRecords.Covering(2);

        tally.StoredRecords.Release();

        Assert.Null(tally.StoredRecords.Covering(2));
        Assert.Equal(0, tally.StoredRecords.Count);
        Assert.NotNull(reading);
        Assert.Equal([1, 2], reading.Keys.Order());
    }

    private static PageTally TallyOf(int storedRecordsKept, int stored)
    {
        var tally = new PageTally(end: 10, cap: 100, storedRecordsKept);
        foreach (var page in Enumerable.Range(1, stored))
        {
            tally.RecordEnded(Stored(page));
        }

        return tally;
    }
}
