using System.Text;
using Ingestion.Jobs;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>
/// How a job's pages fold into record files: partitions, rolling, schema widening, bounds on open files, passes over
/// retried pages, and above all that a fold resumed from its last checkpoint, at any point, leaves every record in
/// exactly one committed file.
/// </summary>
public class RecordFoldTests
{
    private static readonly Guid JobId = Guid.Parse("3f2a9c1e-0000-4000-8000-000000000001");
    private static readonly DestinationSpec Destination = new("lake", "orders");
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static RecordFoldSettings Settings(RecordsSpec? spec = null, int maxOpenFiles = 64, int replayWindowPages = 10_000) =>
        new(JobId, spec ?? new RecordsSpec { Pointer = "/items" }, Destination, maxOpenFiles, replayWindowPages);

    private static RecordsSpec ByDay(int targetFileMiB = 1) => new()
    {
        Pointer = "/items",
        PartitionBy = new RecordPartitionSpec { Pointer = "/created_at" },
        TargetFileMiB = targetFileMiB,
    };

    /// <summary>
    /// Page n holds records n*100+0 .. n*100+count-1, spread over <paramref name="days"/> days, record by record, or
    /// with <paramref name="dayPerPage"/> all of a page on one day.
    /// </summary>
    private static string PageBody(int page, int count, int days = 3, bool dayPerPage = false) =>
        "{\"items\":[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":{(page * 100) + i},\"created_at\":\"2024-06-{1 + ((page + (dayPerPage ? 0 : i)) % days):D2}T10:00:00Z\",\"qty\":{i}}}")) + "]}";

    private static PageRecordsContent Content(int page, string body) =>
        PageRecordsContent.Read(page, DateTimeOffset.UnixEpoch, Encoding.UTF8.GetBytes(body), "/items");

    /// <summary>Folds pages 1..bodies.Count (null: a page without content) from where the checkpoint says, as a records grain does.</summary>
    private static async Task FoldAsync(RecordFoldSettings settings, InMemoryRecordFiles files, SavedRecordsCheckpoints sink, List<string?> bodies)
    {
        using var fold = new RecordFold(settings, SavedRecordsCheckpoints.Copy(sink.Last), files, sink);
        var start = RecordFold.FirstPageOf(fold.Checkpoint);
        for (var page = start; page <= bodies.Count; page++)
        {
            if (!RecordPass.IsCandidate(fold.Checkpoint, page))
            {
                continue;
            }

            using var content = bodies[page - 1] is { } body ? Content(page, body) : null;
            await fold.FoldAsync(page, content, Cancellation);
        }

        await fold.CompletePassAsync(bodies.Count, Cancellation);
    }

    [Fact]
    public async Task Records_go_into_their_day_partition_and_every_record_is_in_one_file()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        var bodies = Enumerable.Range(1, 20).Select(page => (string?)PageBody(page, 50)).ToList();

        await FoldAsync(Settings(ByDay()), files, sink, bodies);

        var records = files.Records().ToList();
        Assert.Equal(1000, records.Count);
        Assert.Equal(1000, records.Select(record => record.Id).Distinct().Count());
        Assert.Equal(3, files.Committed.Count);
        Assert.All(files.Committed, file =>
        {
            Assert.StartsWith("orders/records/created_at_day=2024-06-0", file.Key, StringComparison.Ordinal);
            Assert.EndsWith("-3f2a9c1e.parquet", file.Key, StringComparison.Ordinal);
            Assert.All(file.Value.Records, record => Assert.Contains(file.Key.Split('/')[2]["created_at_day=".Length..], record, StringComparison.Ordinal));
        });
        Assert.Equal(1000, sink.Last.CommittedRows);
        Assert.True(sink.Last.PassComplete);
        Assert.Empty(sink.Last.Open);
    }

    [Fact]
    public async Task A_file_is_committed_when_it_reaches_its_target_size_and_the_next_one_takes_over()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();

        // 1 MiB at 100 bytes a record: a file holds 10,486 records.
        var bodies = Enumerable.Range(1, 300).Select(page => (string?)PageBody(page, 100, days: 1)).ToList();
        await FoldAsync(Settings(ByDay(targetFileMiB: 1)), files, sink, bodies);

        var sizes = files.Committed.OrderBy(file => file.Key, StringComparer.Ordinal).Select(file => file.Value.Records.Count).ToList();
        Assert.Equal([10486, 10486, 9028], sizes);
        Assert.Equal(30_000, files.Records().Select(record => record.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(21)]
    public async Task A_fold_that_dies_before_a_save_and_resumes_from_the_last_one_writes_every_record_once(int failingSave)
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints { FailSave = failingSave };
        var settings = Settings(ByDay(targetFileMiB: 1), maxOpenFiles: 2, replayWindowPages: 40);
        var bodies = Enumerable.Range(1, 120).Select(page => page % 17 == 0 ? null : (string?)PageBody(page, 99, days: 4)).ToList();

        // The save fails after its file was committed: that file's records are in storage, the checkpoint does not say so.
        await Assert.ThrowsAsync<SiloDiedException>(() => FoldAsync(settings, files, sink, bodies));
        await FoldAsync(settings, files, sink, bodies);

        var expected = bodies.Select((body, index) => body is null ? 0 : 99).Sum();
        var records = files.Records().ToList();
        Assert.Equal(expected, records.Count);
        Assert.Equal(expected, records.Select(record => record.Id).Distinct().Count());
        Assert.Equal(expected, sink.Last.CommittedRows);
    }

    [Fact]
    public async Task A_fold_that_dies_at_every_save_in_turn_still_writes_every_record_once()
    {
        // A page's records all on one day, five days in turn, three files open at most: a commit nearly every page.
        var bodies = Enumerable.Range(1, 60).Select(page => page % 7 == 0 ? null : (string?)PageBody(page, 97, days: 5, dayPerPage: true)).ToList();
        var expected = bodies.Count(body => body is not null) * 97;
        var settings = Settings(ByDay(targetFileMiB: 1), maxOpenFiles: 3, replayWindowPages: 25);
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        var lives = 0;
        for (; lives < 5_000; lives++)
        {
            // Each life dies at its second save, so each resumes and gets one file further before it dies.
            sink.FailSave = sink.Saves + 2;
            try
            {
                await FoldAsync(settings, files, sink, bodies);
                break;
            }
            catch (SiloDiedException)
            {
            }
        }

        Assert.True(sink.Last.PassComplete, $"Not done after {lives} lives, {files.Commits} commits.");
        Assert.True(lives > 20, $"Only {lives} lives: the test would not show much.");
        var records = files.Records().ToList();
        Assert.Equal(expected, records.Count);
        Assert.Equal(expected, records.Select(record => record.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_new_field_opens_a_new_parquet_file_with_the_wider_schema_and_a_type_conflict_is_a_warning()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        List<string?> bodies =
        [
            """{ "items": [ { "id": 1, "code": 7 }, { "id": 2, "code": 8 } ] }""",
            """{ "items": [ { "id": 3, "code": 9, "note": "new" } ] }""",
            """{ "items": [ { "id": 4, "code": "x-10" } ] }""",
        ];

        await FoldAsync(Settings(new RecordsSpec { Pointer = "/items" }), files, sink, bodies);

        var ordered = files.Committed.OrderBy(file => file.Key, StringComparer.Ordinal).Select(file => file.Value).ToList();
        Assert.Equal([2, 1, 1], ordered.Select(file => file.Records.Count));
        Assert.Equal(["id", "code"], ordered[0].Schema.Columns.Select(column => column.Name));
        Assert.Equal(["id", "code", "note"], ordered[1].Schema.Columns.Select(column => column.Name));
        Assert.Equal(ColumnType.String, ordered[2].Schema.Columns[1].Type);
        Assert.Equal(["1", "2", "3"], ordered.Select(file => file.Metadata[RecordFileMetadata.SchemaVersion]));
        var warning = Assert.Single(sink.Last.Warnings);
        Assert.Contains("'code'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_files_do_not_roll_on_a_wider_schema()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        List<string?> bodies = ["""{ "items": [ { "id": 1 } ] }""", """{ "items": [ { "id": 2, "more": true } ] }"""];

        await FoldAsync(Settings(new RecordsSpec { Pointer = "/items", Format = RecordFormat.JsonLinesGzip }), files, sink, bodies);

        var file = Assert.Single(files.Committed);
        Assert.EndsWith(".jsonl.gz", file.Key, StringComparison.Ordinal);
        Assert.Equal(2, file.Value.Records.Count);
    }

    [Fact]
    public async Task Past_the_open_file_bound_the_least_recently_written_file_is_committed()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        List<string?> bodies =
        [
            """{ "items": [ { "id": 1, "created_at": "2024-06-01T00:00:00Z" }, { "id": 2, "created_at": "2024-06-02T00:00:00Z" } ] }""",
            """{ "items": [ { "id": 3, "created_at": "2024-06-01T00:00:00Z" }, { "id": 4, "created_at": "2024-06-03T00:00:00Z" } ] }""",
        ];

        await FoldAsync(Settings(ByDay(), maxOpenFiles: 2), files, sink, bodies);

        // Day 2 was written least recently when day 3 came: it was committed then, with its one record.
        var names = files.Committed.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, names.Count);
        Assert.Contains("created_at_day=2024-06-02/part-00002-3f2a9c1e.parquet", names[1], StringComparison.Ordinal);
        Assert.Equal(4, files.Records().Count());
    }

    [Fact]
    public async Task A_file_open_for_the_replay_window_is_committed()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        var bodies = Enumerable.Range(1, 25).Select(page => (string?)PageBody(page, 1, days: 1)).ToList();

        await FoldAsync(Settings(ByDay(), replayWindowPages: 10), files, sink, bodies);

        Assert.Equal([10, 10, 5], files.Committed.OrderBy(file => file.Key, StringComparer.Ordinal).Select(file => file.Value.Records.Count));
    }

    [Fact]
    public async Task Pages_without_records_are_errors_and_pages_without_content_are_skipped()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        List<string?> bodies = ["<html>rate limited</html>", """{ "data": [] }""", """{ "items": { "id": 1 } }""", null, """{ "items": [ 5, 6 ] }"""];

        await FoldAsync(Settings(), files, sink, bodies);

        Assert.Equal(3, sink.Last.ErrorPages);
        Assert.Equal([1, 2, 3], sink.Errors.Select(error => error.Page));
        Assert.Contains("not JSON", sink.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("nothing at /items", sink.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("an object at /items, not an array", sink.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal([new PageSpan(4, 4)], sink.Last.Skipped);
        var file = Assert.Single(files.Committed);
        Assert.Equal(["_value"], file.Value.Schema.Columns.Select(column => column.Name));
        Assert.Equal(2, file.Value.Records.Count);
    }

    [Fact]
    public async Task A_retry_round_folds_only_the_pages_earlier_passes_found_without_content()
    {
        var files = new InMemoryRecordFiles();
        var sink = new SavedRecordsCheckpoints();
        var round0 = Enumerable.Range(1, 10).Select(page => page is 3 or 4 or 9 ? null : (string?)PageBody(page, 5)).ToList();
        await FoldAsync(Settings(ByDay()), files, sink, round0);
        Assert.Equal([new PageSpan(3, 4), new PageSpan(9, 9)], sink.Last.Skipped);

        // Round 1 stores pages 3 and 9; page 4 fails again.
        var round1 = Enumerable.Range(1, 10).Select(page => page == 4 ? null : (string?)PageBody(page, 5)).ToList();
        RecordPass.Begin(sink.Last, round: 1);
        Assert.Equal(3, sink.Last.Position.Page);
        await FoldAsync(Settings(ByDay()), files, sink, round1);

        var records = files.Records().ToList();
        Assert.Equal(45, records.Count);
        Assert.Equal(45, records.Select(record => record.Id).Distinct().Count());
        Assert.Equal([new PageSpan(4, 4)], sink.Last.Skipped);
    }
}
