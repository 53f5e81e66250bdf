using System.Text.Json;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>How a record's JSON value becomes the value of a Parquet column of each type, and what no column holds.</summary>
public class JsonColumnValuesTests
{
    private static JsonElement Value(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void An_int64_column_holds_integers_that_fit_64_bits()
    {
        Assert.Equal(long.MaxValue, JsonColumnValues.ToInt64(Value("9223372036854775807"), "id"));
        Assert.Equal(-3, JsonColumnValues.ToInt64(Value("-3"), "id"));
    }

    [Theory]
    [InlineData("1.5", "number that is no 64-bit integer")]
    [InlineData("9223372036854775808", "number that is no 64-bit integer")]
    [InlineData("\"1\"", "string")]
    [InlineData("true", "boolean")]
    public void An_int64_column_refuses_anything_else_naming_the_column(string json, string kind)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToInt64(Value(json), "id"));
        Assert.Contains("'id'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(kind, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_double_column_holds_fractions_and_integers()
    {
        Assert.Equal(2.5, JsonColumnValues.ToDouble(Value("2.5"), "price"));
        Assert.Equal(7.0, JsonColumnValues.ToDouble(Value("7"), "price"));
        Assert.Equal(1.2345678901234567E+19, JsonColumnValues.ToDouble(Value("12345678901234567890"), "price"));
        Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToDouble(Value("\"2.5\""), "price"));
    }

    [Fact]
    public void A_boolean_column_holds_true_and_false_only()
    {
        Assert.True(JsonColumnValues.ToBoolean(Value("true"), "ok"));
        Assert.False(JsonColumnValues.ToBoolean(Value("false"), "ok"));
        Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToBoolean(Value("1"), "ok"));
        Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToBoolean(Value("\"true\""), "ok"));
    }

    [Fact]
    public void A_timestamp_column_holds_the_instant_as_utc()
    {
        var at = JsonColumnValues.ToTimestamp(Value("\"2024-06-01T12:00:00.123456+02:00\""), "at");

        Assert.Equal(DateTimeKind.Utc, at.Kind);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560), at);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), JsonColumnValues.ToTimestamp(Value("\"2024-06-01T10:00:00Z\""), "at"));
    }

    [Theory]
    [InlineData("\"2024-06-01T10:00:00\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1717236000")]
    public void A_timestamp_column_refuses_what_is_no_instant(string json)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToTimestamp(Value(json), "at"));
        Assert.Contains("'at'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"2024-06-01T10:00:00Z\"", "2024-06-01T10:00:00Z")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("42", "42")]
    [InlineData("2.50", "2.50")]
    [InlineData("true", "true")]
    [InlineData("""{"a":[1,"b"]}""", """{"a":[1,"b"]}""")]
    public void A_string_column_holds_a_string_as_itself_and_anything_else_as_its_json_text(string json, string text) =>
        Assert.Equal(text, JsonColumnValues.ToText(Value(json), "v"));

    [Theory]
    [InlineData("""{"a":[1,"b"]}""")]
    [InlineData("[1, 2]")]
    [InlineData("\"plain\"")]
    [InlineData("3")]
    public void A_json_column_holds_any_value_as_its_json_text(string json) =>
        Assert.Equal(json, JsonColumnValues.ToJsonText(Value(json), "meta"));

    [Fact]
    public void Text_columns_refuse_a_null_which_is_no_value_to_convert()
    {
        Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToText(Value("null"), "v"));
        Assert.Throws<InvalidOperationException>(() => JsonColumnValues.ToJsonText(default, "meta"));
    }
}
