using System.Text;
using Ingestion.Grains.Pipelines;
using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class PageCursorReaderTests
{
    [Fact]
    public async Task The_largest_cursor_of_the_page_s_records_is_its_reading()
    {
        var reading = await ReadAsync("""
            { "items": [
                { "id": 1, "updated_at": "2024-06-01T12:00:00Z" },
                { "id": 2, "updated_at": "2024-06-03T08:00:00Z" },
                { "id": 3, "updated_at": "2024-06-02T23:59:59Z" },
                { "id": 4 }
            ] }
            """, "/items", "/updated_at");

        Assert.Equal(Watermark.Parse("2024-06-03T08:00:00Z"), reading.Max);
        Assert.Equal(4, reading.Records);
        Assert.Equal(1, reading.WithoutCursor);
        Assert.Null(reading.Problem);
    }

    [Fact]
    public async Task A_top_level_array_is_read_with_an_empty_pointer_and_nested_cursors_with_theirs()
    {
        var reading = await ReadAsync("""[ { "meta": { "seq": 9 } }, { "meta": { "seq": 10 } } ]""", "", "/meta/seq");

        Assert.Equal("10", reading.Max?.Text);
        Assert.Equal(WatermarkKind.Number, reading.Max?.Kind);
    }

    [Fact]
    public async Task An_empty_array_has_no_reading_and_no_problem()
    {
        var reading = await ReadAsync("""{ "items": [] }""", "/items", "/updated_at");

        Assert.Null(reading.Max);
        Assert.Equal(0, reading.Records);
        Assert.Null(reading.Problem);
    }

    [Theory]
    [InlineData("<html>nope</html>", "Not JSON")]
    [InlineData("""{ "data": [] }""", "No array at '/items'")]
    [InlineData("""{ "items": { "a": 1 } }""", "No array at '/items'")]
    public async Task A_page_without_records_there_says_why(string body, string problem)
    {
        var reading = await ReadAsync(body, "/items", "/updated_at");

        Assert.Null(reading.Max);
        Assert.StartsWith(problem, reading.Problem, StringComparison.Ordinal);
    }

    private static async Task<PageCursorReading> ReadAsync(string body, string records, string cursor)
    {
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await PageCursorReader.ReadAsync(stream, records, cursor, declared: null, TestContext.Current.CancellationToken);
    }
}
