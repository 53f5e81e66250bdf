using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Api.Jobs;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Jobs;
using Ingestion.Records;

namespace Ingestion.UnitTests;

/// <summary>The records a job spec asks for: where they are in a page, the files they go into, and their partitions.</summary>
public sealed class RecordsSpecParserTests
{
    private const string Source = """ "source": { "urls": ["https://a.example/1"] } """;

    /// <summary>As the API writes a job's spec: the endpoints' JSON conventions, the spec in its wire shape.</summary>
    private static readonly JsonSerializerOptions ShownAsTheApiShowsIt = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    }.WriteContractsAsWireRecords();

    private static (JobSpec? Spec, Dictionary<string, string[]> Errors) ParseRecords(string recordsJson) =>
        JobSpecParsing.Parse($$"""{ {{Source}}, "records": {{recordsJson}} }""");

    [Fact]
    public void Left_out_no_records_are_extracted()
    {
        var (spec, errors) = JobSpecParsing.Parse($$"""{ {{Source}} }""");

        Assert.Empty(errors);
        Assert.Null(spec!.Records);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "pointer": null, "format": null, "partitionBy": null, "targetFileMiB": null, "lineage": null }""")]
    public void An_empty_object_extracts_the_page_s_own_array_into_unpartitioned_parquet_files_of_128_MiB(string records)
    {
        var (spec, errors) = ParseRecords(records);

        Assert.Empty(errors);
        Assert.Equal(
            new RecordsSpec { Pointer = "", Format = RecordFormat.Parquet, PartitionBy = null, TargetFileMiB = 128, Lineage = false },
            spec!.Records);
    }

    [Fact]
    public void Every_field_is_read_as_written()
    {
        var (spec, errors) = ParseRecords("""
            {
              "pointer": "/data/items",
              "format": "jsonl.gz",
              "partitionBy": { "pointer": "/created_at", "granularity": "hour" },
              "targetFileMiB": 64,
              "lineage": true,
              "keepPages": false
            }
            """);

        Assert.Empty(errors);
        Assert.Equal(
            new RecordsSpec
            {
                Pointer = "/data/items",
                Format = RecordFormat.JsonLinesGzip,
                PartitionBy = new RecordPartitionSpec { Pointer = "/created_at", Granularity = PartitionGranularity.Hour },
                TargetFileMiB = 64,
                Lineage = true,
                KeepPages = false,
            },
            spec!.Records);
    }

    [Theory]
    [InlineData("parquet", RecordFormat.Parquet)]
    [InlineData("jsonl.gz", RecordFormat.JsonLinesGzip)]
    [InlineData("Parquet", RecordFormat.Parquet)]
    [InlineData("JSONL.GZ", RecordFormat.JsonLinesGzip)]
    public void The_format_is_named_whatever_its_case(string name, RecordFormat format)
    {
        var (spec, errors) = ParseRecords($$"""{ "format": "{{name}}" }""");

        Assert.Empty(errors);
        Assert.Equal(format, spec!.Records!.Format);
    }

    [Theory]
    [InlineData("hour", PartitionGranularity.Hour)]
    [InlineData("day", PartitionGranularity.Day)]
    [InlineData("month", PartitionGranularity.Month)]
    public void A_partition_is_by_hour_day_or_month(string name, PartitionGranularity granularity)
    {
        var (spec, errors) = ParseRecords($$"""{ "partitionBy": { "pointer": "/created_at", "granularity": "{{name}}" } }""");

        Assert.Empty(errors);
        Assert.Equal(new RecordPartitionSpec { Pointer = "/created_at", Granularity = granularity }, spec!.Records!.PartitionBy);
    }

    [Fact]
    public void A_partition_is_by_day_unless_the_spec_says_otherwise()
    {
        var (spec, errors) = ParseRecords("""{ "partitionBy": { "pointer": "/meta/created~1at" } }""");

        Assert.Empty(errors);
        Assert.Equal(new RecordPartitionSpec { Pointer = "/meta/created~1at", Granularity = PartitionGranularity.Day }, spec!.Records!.PartitionBy);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1024")]
    public void The_target_file_size_may_be_anything_from_1_to_1024_MiB(string size)
    {
        var (spec, errors) = ParseRecords($$"""{ "targetFileMiB": {{size}} }""");

        Assert.Empty(errors);
        Assert.Equal(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), spec!.Records!.TargetFileMiB);
    }

    [Theory]
    [InlineData("""{ "pointer": "items" }""", "records.pointer", "starting with '/'")]
    [InlineData("""{ "pointer": "/items~2" }""", "records.pointer", "'~' must be followed by 0 or 1")]
    [InlineData("""{ "pointer": "/items~" }""", "records.pointer", "'~' must be followed by 0 or 1")]
    [InlineData("""{ "pointer": 5 }""", "records.pointer", "Must be a string.")]
    [InlineData("""{ "format": "csv" }""", "records.format", "Must be one of \"parquet\", \"jsonl.gz\".")]
    [InlineData("""{ "format": "JsonLinesGzip" }""", "records.format", "Must be one of \"parquet\", \"jsonl.gz\".")]
    [InlineData("""{ "format": "" }""", "records.format", "Must not be empty.")]
    [InlineData("""{ "partitionBy": {} }""", "records.partitionBy.pointer", "Required.")]
    [InlineData("""{ "partitionBy": { "granularity": "day" } }""", "records.partitionBy.pointer", "Required.")]
    [InlineData("""{ "partitionBy": { "pointer": "" } }""", "records.partitionBy.pointer", "Must not be empty.")]
    [InlineData("""{ "partitionBy": { "pointer": "created_at" } }""", "records.partitionBy.pointer", "starting with '/', such as \"/created_at\"")]
    [InlineData("""{ "partitionBy": { "pointer": "/created~at" } }""", "records.partitionBy.pointer", "'~' must be followed by 0 or 1")]
    [InlineData("""{ "partitionBy": { "pointer": "/created_at", "granularity": "week" } }""", "records.partitionBy.granularity", "Must be one of \"hour\", \"day\", \"month\".")]
    [InlineData("""{ "partitionBy": "/created_at" }""", "records.partitionBy", "Must be an object.")]
    [InlineData("""{ "targetFileMiB": 0 }""", "records.targetFileMiB", "Must be a whole number from 1 to 1024.")]
    [InlineData("""{ "targetFileMiB": 1025 }""", "records.targetFileMiB", "Must be a whole number from 1 to 1024.")]
    [InlineData("""{ "targetFileMiB": 12.5 }""", "records.targetFileMiB", "Must be a whole number from 1 to 1024.")]
    [InlineData("""{ "targetFileMiB": "128" }""", "records.targetFileMiB", "Must be a whole number from 1 to 1024.")]
    [InlineData("""{ "lineage": "yes" }""", "records.lineage", "Must be true or false.")]
    [InlineData("""{ "lineage": 1 }""", "records.lineage", "Must be true or false.")]
    [InlineData("""{ "keepPages": "no" }""", "records.keepPages", "Must be true or false.")]
    [InlineData("""{ "lineag": true }""", "records.lineag", "Unknown field; did you mean 'lineage'?")]
    [InlineData("""{ "partitionBy": { "pointer": "/created_at", "granularty": "day" } }""", "records.partitionBy.granularty", "Unknown field; did you mean 'granularity'?")]
    public void A_bad_field_is_refused_by_its_path(string records, string path, string said)
    {
        var (spec, errors) = ParseRecords(records);

        Assert.Null(spec);
        Assert.Equal([path], errors.Keys);
        Assert.Contains(said, Assert.Single(errors[path]), StringComparison.Ordinal);
    }

    [Fact]
    public void Records_must_be_an_object()
    {
        var (spec, errors) = ParseRecords("\"/items\"");

        Assert.Null(spec);
        Assert.Equal(["Must be an object."], errors["records"]);
    }

    [Fact]
    public void An_unknown_field_lists_the_known_ones()
    {
        var (_, errors) = ParseRecords("""{ "compression": "zstd" }""");

        Assert.Contains("pointer, format, partitionBy, targetFileMiB, lineage, keepPages", Assert.Single(errors["records.compression"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var (_, errors) = ParseRecords("""
            { "pointer": "items", "format": "csv", "partitionBy": { "granularity": "week" }, "targetFileMiB": 0, "lineage": "no" }
            """);

        Assert.Equal(
            ["records.format", "records.lineage", "records.partitionBy.granularity", "records.partitionBy.pointer", "records.pointer", "records.targetFileMiB"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_format_has_a_name_on_the_wire_that_reads_back_as_it()
    {
        foreach (var format in Enum.GetValues<RecordFormat>())
        {
            Assert.Equal(format, RecordFormatNames.Parse(RecordFormatNames.NameOf(format)));
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "pointer": "/items", "format": "jsonl.gz", "lineage": true }""")]
    [InlineData("""{ "pointer": "/a~0b/c~1d", "partitionBy": { "pointer": "/created_at" }, "targetFileMiB": 1 }""")]
    [InlineData("""{ "format": "parquet", "partitionBy": { "pointer": "/updated", "granularity": "month" }, "targetFileMiB": 1024 }""")]
    [InlineData("""{ "partitionBy": { "pointer": "/t", "granularity": "hour" }, "lineage": false }""")]
    public void A_spec_as_a_job_shows_it_reads_back_as_the_same_records(string records)
    {
        var (spec, errors) = ParseRecords(records);
        Assert.Empty(errors);

        using var shown = JsonDocument.Parse(JsonSerializer.Serialize(spec, ShownAsTheApiShowsIt));
        var (again, errorsAgain) = JobSpecParsing.Parse(shown.RootElement.GetRawText());

        Assert.Empty(errorsAgain);
        Assert.Equal(spec!.Records, again!.Records);
        Assert.True(JobSpecEquivalence.AreSame(spec, again));
    }

    [Fact]
    public void A_job_shows_its_records_with_every_default_and_the_format_by_its_wire_name()
    {
        var (spec, _) = ParseRecords("""{ "format": "JSONL.GZ", "partitionBy": { "pointer": "/created_at" } }""");

        using var shown = JsonDocument.Parse(JsonSerializer.Serialize(spec, ShownAsTheApiShowsIt));

        Assert.Equal(
            """{"pointer":"","format":"jsonl.gz","partitionBy":{"pointer":"/created_at","granularity":"day"},"targetFileMiB":128,"lineage":false,"keepPages":true}""",
            shown.RootElement.GetProperty("records").GetRawText());
    }

    [Fact]
    public void Records_asked_for_otherwise_make_a_different_job()
    {
        var (spec, _) = ParseRecords("{}");

        Assert.False(JobSpecEquivalence.AreSame(spec!, spec! with { Records = null }));
        Assert.False(JobSpecEquivalence.AreSame(spec!, spec! with { Records = spec.Records! with { Lineage = true } }));
        Assert.False(JobSpecEquivalence.AreSame(spec!, spec! with { Records = spec.Records! with { Format = RecordFormat.JsonLinesGzip } }));
        Assert.False(JobSpecEquivalence.AreSame(spec!, spec! with
        {
            Records = spec.Records! with { PartitionBy = new RecordPartitionSpec { Pointer = "/created_at" } },
        }));
    }
}
