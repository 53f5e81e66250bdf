using System.Text.Json;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>Which Hive-style folder a record goes in, by its own time.</summary>
public class RecordPartitionerTests
{
    private static JsonElement Record(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData(PartitionGranularity.Day, """{ "created_at": "2024-06-01T23:30:00-02:00" }""", "created_at_day=2024-06-02")]
    [InlineData(PartitionGranularity.Day, """{ "created_at": "2024-06-01T10:00:00Z" }""", "created_at_day=2024-06-01")]
    [InlineData(PartitionGranularity.Hour, """{ "created_at": "2024-06-01T10:59:59.999Z" }""", "created_at_hour=2024-06-01T10")]
    [InlineData(PartitionGranularity.Month, """{ "created_at": "2024-06-30T23:00:00-01:00" }""", "created_at_month=2024-07")]
    [InlineData(PartitionGranularity.Day, """{ "created_at": "2024-06-01" }""", "created_at_day=2024-06-01")]
    public void A_record_goes_in_the_folder_of_its_own_time_in_utc(PartitionGranularity granularity, string record, string folder) =>
        Assert.Equal(folder, new RecordPartitioner("/created_at", granularity).FolderOf(Record(record)));

    [Theory]
    [InlineData("""{ "id": 1 }""")]
    [InlineData("""{ "created_at": null }""")]
    [InlineData("""{ "created_at": 1717236000 }""")]
    [InlineData("""{ "created_at": "yesterday" }""")]
    [InlineData("""{ "created_at": "2024-06-01T10:00:00" }""")]
    [InlineData("""[1, 2]""")]
    public void A_record_without_a_time_with_an_offset_goes_in_the_null_partition(string record) =>
        Assert.Equal("created_at_day=__null__", new RecordPartitioner("/created_at", PartitionGranularity.Day).FolderOf(Record(record)));

    [Fact]
    public void The_column_is_the_pointer_s_last_segment_made_safe_for_a_folder_name()
    {
        Assert.Equal("updated_day", new RecordPartitioner("/meta/updated", PartitionGranularity.Day).Column);
        Assert.Equal("a_b_month", new RecordPartitioner("/a~1b", PartitionGranularity.Month).Column);
        Assert.Equal("2024-06-01", new RecordPartitioner("/meta/updated", PartitionGranularity.Day).ValueOf(Record("""{ "meta": { "updated": "2024-06-01T00:00:00Z" } }""")));
    }
}
