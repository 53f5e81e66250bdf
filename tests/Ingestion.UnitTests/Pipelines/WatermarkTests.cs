using System.Text.Json;
using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class WatermarkTests
{
    [Theory]
    [InlineData("\"2024-06-01T12:00:00Z\"", WatermarkKind.Time)]
    [InlineData("\"2024-06-01T14:00:00+02:00\"", WatermarkKind.Time)]
    [InlineData("\"2024-06-01T12:00:00.123456Z\"", WatermarkKind.Time)]
    [InlineData("42", WatermarkKind.Number)]
    [InlineData("1717243200.5", WatermarkKind.Number)]
    [InlineData("\"2024-06-01\"", WatermarkKind.String)]
    [InlineData("\"2024-06-01T12:00:00\"", WatermarkKind.String)]
    [InlineData("\"abc-123\"", WatermarkKind.String)]
    public void A_value_s_kind_is_inferred(string json, WatermarkKind kind)
    {
        Assert.Equal(kind, Watermark.From(Json(json))?.Kind);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void A_value_that_cannot_be_a_cursor_gives_none(string json)
    {
        Assert.Null(Watermark.From(Json(json)));
    }

    [Fact]
    public void A_declared_kind_refuses_values_of_another()
    {
        Assert.Null(Watermark.From(Json("\"abc\""), WatermarkKind.Time));
        Assert.Null(Watermark.From(Json("\"2024-06-01T12:00:00Z\""), WatermarkKind.Number));
        // Declared as strings, times compare as text.
        Assert.Equal(WatermarkKind.String, Watermark.From(Json("\"2024-06-01T12:00:00Z\""), WatermarkKind.String)?.Kind);
    }

    [Fact]
    public void Times_compare_as_instants_whatever_their_offsets()
    {
        var utc = Watermark.Parse("2024-06-01T12:00:00Z");
        var amsterdam = Watermark.Parse("2024-06-01T13:30:00+02:00");

        // 11:30 UTC is earlier, though its text sorts later.
        Assert.True(amsterdam < utc);
        Assert.Equal(utc, Watermark.Max(utc, amsterdam));
    }

    [Fact]
    public void Numbers_compare_as_numbers_not_text()
    {
        var nine = Watermark.From(Json("9"))!;
        var ten = Watermark.From(Json("10"))!;

        Assert.True(nine < ten);
    }

    [Fact]
    public void Lookback_moves_a_time_back_and_keeps_its_form()
    {
        Assert.Equal("2024-06-01T11:55:00Z", Watermark.Parse("2024-06-01T12:00:00Z").Minus(TimeSpan.FromMinutes(5)).Text);
        Assert.Equal("2024-06-01T13:55:00+02:00", Watermark.Parse("2024-06-01T14:00:00+02:00").Minus(TimeSpan.FromMinutes(5)).Text);
        Assert.Equal("42", Watermark.From(Json("42"))!.Minus(TimeSpan.FromMinutes(5)).Text);
    }

    [Fact]
    public void In_a_url_the_value_is_escaped()
    {
        Assert.Equal("2024-06-01T14%3A00%3A00%2B02%3A00", Watermark.Parse("2024-06-01T14:00:00+02:00").ForUrl());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("2024-06-01T10:00:00Z", null, WatermarkKind.Time)]
    [InlineData(" 1234 ", null, WatermarkKind.Number)]
    [InlineData("abc", null, WatermarkKind.String)]
    [InlineData("1234", WatermarkKind.String, WatermarkKind.String)]
    [InlineData("2024-06-01T10:00:00Z", WatermarkKind.String, WatermarkKind.String)]
    public void A_header_s_text_is_a_watermark_of_the_kind_declared_or_inferred(string text, WatermarkKind? declared, WatermarkKind kind) =>
        Assert.Equal(kind, Watermark.FromText(text, declared)?.Kind);

    [Theory]
    [InlineData("abc", WatermarkKind.Number)]
    [InlineData("12", WatermarkKind.Time)]
    [InlineData("   ", null)]
    public void A_header_s_text_of_another_kind_than_declared_is_no_watermark(string text, WatermarkKind? declared) =>
        Assert.Null(Watermark.FromText(text, declared));

    [Fact]
    public void A_run_s_start_is_a_time_watermark_to_the_second_rounded_down()
    {
        var watermark = Watermark.AtSecond(new DateTimeOffset(2026, 12, 6, 7, 8, 9, 999, TimeSpan.FromHours(1)));

        Assert.Equal(new Watermark(WatermarkKind.Time, "2026-12-06T06:08:09Z"), watermark);
    }
}
