using System.Text.Json;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>How record files' schema is inferred from the records, and how it widens.</summary>
public class RecordSchemaTests
{
    private static JsonElement Record(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static (RecordSchema Schema, List<string> Warnings) ObserveAll(params string[] records)
    {
        var schema = RecordSchema.Empty;
        var warnings = new List<string>();
        foreach (var record in records)
        {
            var (widened, said) = schema.Observe(Record(record));
            schema = widened;
            warnings.AddRange(said);
        }

        return (schema, warnings);
    }

    [Fact]
    public void Each_json_type_has_its_column_type_in_the_order_fields_first_appear()
    {
        var (schema, warnings) = ObserveAll("""
            { "id": 1, "price": 9.5, "ok": true, "name": "a", "at": "2024-06-01T10:00:00Z", "tags": ["x"], "meta": { "k": 1 }, "gone": null }
            """);

        Assert.Equal(
            [new("id", ColumnType.Int64), new("price", ColumnType.Double), new("ok", ColumnType.Boolean), new("name", ColumnType.String),
             new("at", ColumnType.Timestamp), new("tags", ColumnType.Json), new("meta", ColumnType.Json)],
            schema.Columns);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_new_field_part_way_widens_the_schema_and_a_record_that_fits_changes_nothing()
    {
        var (first, _) = ObserveAll("""{ "id": 1 }""");

        var (same, _) = first.Observe(Record("""{ "id": 2 }"""));
        var (wider, _) = first.Observe(Record("""{ "id": 3, "name": "c" }"""));

        Assert.Same(first, same);
        Assert.Equal(["id", "name"], wider.Columns.Select(column => column.Name));
    }

    [Fact]
    public void Integers_meeting_a_fraction_become_doubles_without_a_warning()
    {
        var (schema, warnings) = ObserveAll("""{ "n": 1 }""", """{ "n": 1.5 }""", """{ "n": 2 }""");

        Assert.Equal(ColumnType.Double, Assert.Single(schema.Columns).Type);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("""{ "v": 1 }""", """{ "v": "one" }""")]
    [InlineData("""{ "v": "2024-06-01T10:00:00Z" }""", """{ "v": "soon" }""")]
    [InlineData("""{ "v": true }""", """{ "v": 1 }""")]
    public void A_type_conflict_makes_the_column_a_string_with_a_warning(string first, string second)
    {
        var (schema, warnings) = ObserveAll(first, second, first);

        Assert.Equal(ColumnType.String, Assert.Single(schema.Columns).Type);
        Assert.Contains("'v'", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_is_not_an_object_is_one_value_column()
    {
        var (schema, _) = ObserveAll("42", "43");

        Assert.Equal([new RecordColumn(RecordSchema.ValueColumn, ColumnType.Int64)], schema.Columns);
    }

    [Theory]
    [InlineData("2024-06-01T10:00:00Z", true)]
    [InlineData("2024-06-01T10:00:00.123+02:00", true)]
    [InlineData("2024-06-01T10:00:00", false)]
    [InlineData("2024-06-01", false)]
    [InlineData("not a time at all, but long enough", false)]
    public void Only_a_date_time_with_an_offset_is_a_timestamp(string text, bool timestamp) =>
        Assert.Equal(timestamp, RecordSchema.IsTimestamp(text));
}
