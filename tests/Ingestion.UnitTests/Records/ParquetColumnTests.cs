using System.Text.Json;
using Ingestion.Records;
using Parquet.Schema;

namespace Ingestion.UnitTests.Records;

/// <summary>The Parquet column each record column type is, and how a column buffers its values and sizes them.</summary>
public class ParquetColumnTests
{
    private static JsonElement Value(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData(ColumnType.Int64, typeof(long))]
    [InlineData(ColumnType.Double, typeof(double))]
    [InlineData(ColumnType.Boolean, typeof(bool))]
    [InlineData(ColumnType.Timestamp, typeof(DateTime))]
    [InlineData(ColumnType.String, typeof(ReadOnlyMemory<char>))]
    [InlineData(ColumnType.Json, typeof(ReadOnlyMemory<char>))]
    // Parquet.Net holds strings as ReadOnlyMemory<char>: a UTF-8 string column.
    public void Each_column_type_is_a_nullable_parquet_column_of_its_name(ColumnType type, Type clrType)
    {
        var column = ParquetColumn.For(new RecordColumn("c", type));

        Assert.Equal("c", column.Name);
        Assert.Equal(clrType, column.Field.ClrType);
        Assert.True(column.Field.IsNullable);
    }

    [Fact]
    public void A_timestamp_column_is_a_utc_timestamp_in_milliseconds()
    {
        var field = Assert.IsType<DateTimeDataField>(ParquetColumn.For(new RecordColumn("at", ColumnType.Timestamp)).Field);

        Assert.Equal(DateTimeFormat.Timestamp, field.DateTimeFormat);
        Assert.True(field.IsAdjustedToUTC);
        Assert.Equal(DateTimeTimeUnit.Millis, field.Unit);
    }

    [Fact]
    public void A_missing_value_or_a_null_is_a_null_and_costs_a_byte()
    {
        var column = ParquetColumn.For(new RecordColumn("id", ColumnType.Int64));

        Assert.Equal(1, column.Append(default));
        Assert.Equal(1, column.Append(Value("null")));
        Assert.Equal(1 + sizeof(long), column.Append(Value("5")));
        Assert.Equal(3, column.Count);
    }

    [Fact]
    public void A_text_value_costs_its_length()
    {
        var column = ParquetColumn.For(new RecordColumn("meta", ColumnType.Json));

        Assert.Equal(1 + """{"k":1}""".Length, column.Append(Value("""{"k":1}""")));
    }

    [Fact]
    public void A_value_the_column_cannot_hold_is_not_appended()
    {
        var column = ParquetColumn.For(new RecordColumn("ok", ColumnType.Boolean));
        column.Append(Value("true"));

        Assert.Throws<InvalidOperationException>(() => column.Append(Value("\"yes\"")));
        Assert.Equal(1, column.Count);
    }

    [Fact]
    public void A_column_grows_past_its_first_room_and_truncates_to_what_it_keeps()
    {
        var column = ParquetColumn.ForText("name", JsonColumnValues.ToText);
        for (var i = 0; i < 1_000; i++)
        {
            column.Append($"item {i}".AsMemory());
        }

        Assert.Equal(1_000, column.Count);
        column.Truncate(10);
        Assert.Equal(10, column.Count);
        column.Truncate(0);
        Assert.Equal(0, column.Count);
    }
}
