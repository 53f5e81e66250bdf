using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Api.Jobs;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Api.Pipelines;
using Ingestion.Pipelines;
using Ingestion.Records;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests.Pipelines;

public sealed class PipelineSpecParserTests
{
    private const string Job = """
        {
          "source": { "urlTemplate": "https://api.example.com/items?updated_since={watermark}&page={page}", "pages": { "from": 1 }, "stopWhenEmpty": "/items" },
          "destination": { "container": "lake", "prefix": "items/{runId}" }
        }
        """;

    private const string Incremental = """
        { "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z", "lookback": "00:05:00" }
        """;

    [Fact]
    public void The_issue_s_example_is_a_pipeline_with_every_field_read()
    {
        var (spec, errors) = Parse($$"""
            {
              "name": "items-hourly",
              "schedule": { "cron": "0 * * * *", "timeZone": "Europe/Amsterdam" },
              "overlap": "queue",
              "catchUp": "all",
              "incremental": {{Incremental}},
              "job": {{Job}},
              "retention": { "keepRuns": 50 }
            }
            """);

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Equal("items-hourly", spec.Name);
        Assert.Equal("0 * * * *", spec.Schedule.Cron);
        Assert.Equal("Europe/Amsterdam", spec.Schedule.TimeZone);
        Assert.Equal(OverlapPolicy.Queue, spec.Overlap);
        Assert.Equal(CatchUpPolicy.All, spec.CatchUp);
        Assert.Equal(new Watermark(WatermarkKind.Time, "2024-01-01T00:00:00Z"), spec.Incremental?.Initial);
        Assert.Equal(TimeSpan.FromMinutes(5), spec.Incremental?.Lookback);
        Assert.Equal("/items", spec.Incremental?.RecordsPointer);
        Assert.Equal(50, spec.Retention.KeepRuns);
        // {watermark} stays for each run to fill in; {runId} is the run's job id.
        Assert.Contains("{watermark}", spec.Job.Source.UrlTemplate, StringComparison.Ordinal);
        Assert.Equal("items/{jobId}", spec.Job.Destination.Prefix);
    }

    [Fact]
    public void Left_out_fields_take_their_defaults()
    {
        var (spec, errors) = Parse("""
            { "name": "every-15", "schedule": { "every": "00:15:00" },
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake", "prefix": "a/{runId}" } } }
            """);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(15), spec?.Schedule.Every);
        Assert.Equal(OverlapPolicy.Skip, spec?.Overlap);
        Assert.Equal(CatchUpPolicy.Latest, spec?.CatchUp);
        Assert.Null(spec?.Incremental);
        Assert.Equal(RetentionSpec.DefaultKeepRuns, spec?.Retention.KeepRuns);
    }

    [Theory]
    [InlineData("""{ "cron": "61 * * * *" }""", "schedule.cron", "Not a standard five-field cron expression")]
    [InlineData("""{ "cron": "0 * * * *", "timeZone": "Mars/Olympus" }""", "schedule.timeZone", "Unknown time zone")]
    [InlineData("""{ "every": "00:00:10" }""", "schedule.every", "Ingestion:Pipelines:MinInterval")]
    [InlineData("""{ "every": "15 minutes" }""", "schedule.every", "is not a duration")]
    [InlineData("""{ }""", "schedule.cron", "Required unless every is given")]
    [InlineData("""{ "cron": 5 }""", "schedule.cron", "Must be a string.")]
    [InlineData("""{ "cron": "0 * * * *", "when": "now" }""", "schedule.when", "")]
    public void A_bad_schedule_is_named_by_its_path(string schedule, string path, string message)
    {
        var (spec, errors) = Parse($$"""{ "name": "p", "schedule": {{schedule}}, "incremental": {{Incremental}}, "job": {{Job}} }""");

        Assert.Null(spec);
        Assert.Contains(message, Assert.Contains(path, errors).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Watermark_without_incremental_is_refused()
    {
        var (spec, errors) = Parse($$"""{ "name": "p", "schedule": { "cron": "0 * * * *" }, "job": {{Job}} }""");

        Assert.Null(spec);
        Assert.Contains("{watermark}", Assert.Contains("incremental", errors).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Incremental_without_watermark_is_refused()
    {
        var (spec, errors) = Parse($$"""
            { "name": "p", "schedule": { "cron": "0 * * * *" }, "incremental": {{Incremental}},
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake" } } }
            """);

        Assert.Null(spec);
        Assert.Contains("Holds no {watermark}", Assert.Contains("job", errors).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_inside_the_job_carry_the_job_s_path()
    {
        var (spec, errors) = Parse($$"""
            { "name": "p", "schedule": { "cron": "0 * * * *" }, "incremental": {{Incremental}},
              "job": { "source": { "urlTemplate": "https://api.example.com/items?since={watermark}&page={page}", "pages": { "from": -1, "to": 5 } }, "concurrency": 0 } }
            """);

        Assert.Null(spec);
        Assert.Contains("job.source.pages.from", errors.Keys);
        Assert.Contains("job.concurrency", errors.Keys);
    }

    [Theory]
    [InlineData("overlap", "\"sometimes\"", "\"skip\", \"queue\", \"cancelRunning\"")]
    [InlineData("catchUp", "\"most\"", "\"none\", \"latest\", \"all\"")]
    public void An_unknown_policy_lists_the_ones_there_are(string field, string value, string listed)
    {
        var (_, errors) = Parse($$"""{ "name": "p", "schedule": { "cron": "0 * * * *" }, "{{field}}": {{value}}, "incremental": {{Incremental}}, "job": {{Job}} }""");

        Assert.Contains(listed, Assert.Contains(field, errors).Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "cursorPointer": "updated_at", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z" }""", "incremental.cursorPointer")]
    [InlineData("""{ "cursorPointer": "/updated_at", "recordsPointer": "/items", "initial": "yesterday", "cursorType": "time" }""", "incremental.initial")]
    [InlineData("""{ "cursorPointer": "/id", "recordsPointer": "", "initial": "abc", "cursorType": "number" }""", "incremental.initial")]
    [InlineData("""{ "cursorPointer": "/id", "recordsPointer": "", "initial": "0", "cursorType": "integer" }""", "incremental.cursorType")]
    [InlineData("""{ "cursorPointer": "/id", "recordsPointer": "", "initial": "0", "lookback": "-00:05:00" }""", "incremental.lookback")]
    [InlineData("""{ "recordsPointer": "", "initial": "0" }""", "incremental.cursorPointer")]
    [InlineData("""{ "from": "header", "initial": "0" }""", "incremental.header")]
    [InlineData("""{ "from": "header", "header": "X Max", "initial": "0" }""", "incremental.header")]
    [InlineData("""{ "from": "header", "header": "X-Max", "cursorPointer": "/id", "initial": "0" }""", "incremental.cursorPointer")]
    [InlineData("""{ "from": "runStart", "recordsPointer": "/items", "initial": "2024-01-01T00:00:00Z" }""", "incremental.recordsPointer")]
    [InlineData("""{ "from": "runStart", "initial": "0" }""", "incremental.initial")]
    [InlineData("""{ "from": "runStart", "initial": "2024-01-01T00:00:00Z", "cursorType": "number" }""", "incremental.cursorType")]
    [InlineData("""{ "from": "somewhere", "initial": "0" }""", "incremental.from")]
    [InlineData("""{ "cursorPointer": "/id", "recordsPointer": "", "header": "X-Max", "initial": "0" }""", "incremental.header")]
    public void A_bad_incremental_field_is_named(string incremental, string path)
    {
        var (spec, errors) = Parse($$"""{ "name": "p", "schedule": { "cron": "0 * * * *" }, "incremental": {{incremental}}, "job": {{Job}} }""");

        Assert.Null(spec);
        Assert.Contains(path, errors.Keys);
    }

    [Fact]
    public void A_numeric_initial_watermark_is_a_number_and_an_empty_records_pointer_is_the_whole_page()
    {
        var (spec, errors) = Parse($$"""
            { "name": "p", "schedule": { "cron": "0 * * * *" },
              "incremental": { "cursorPointer": "/id", "recordsPointer": "", "initial": "0" }, "job": {{Job}} }
            """);

        Assert.Empty(errors);
        Assert.Equal(new Watermark(WatermarkKind.Number, "0"), spec?.Incremental?.Initial);
        Assert.Equal("", spec?.Incremental?.RecordsPointer);
    }

    [Fact]
    public void Purging_forgotten_runs_data_needs_each_run_under_a_prefix_of_its_own()
    {
        var shared = Parse("""
            { "name": "p", "schedule": { "cron": "0 * * * *" }, "retention": { "keepRuns": 5, "purgeData": true },
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake", "prefix": "items" } } }
            """);
        var own = Parse("""
            { "name": "p", "schedule": { "cron": "0 * * * *" }, "retention": { "keepRuns": 5, "purgeData": true },
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake", "prefix": "items/{runId}" } } }
            """);

        Assert.Null(shared.Spec);
        Assert.Contains("{runId}", Assert.Single(shared.Errors["retention.purgeData"]), StringComparison.Ordinal);
        Assert.Empty(own.Errors);
        Assert.Equal(new RetentionSpec { KeepRuns = 5, PurgeData = true }, own.Spec?.Retention);
    }

    [Fact]
    public void A_watermark_from_a_header_or_the_run_s_start_needs_no_record_pointers()
    {
        var fromHeader = Parse($$"""
            { "name": "p", "schedule": { "cron": "0 * * * *" },
              "incremental": { "from": "header", "header": "X-Max-Updated", "initial": "2024-01-01T00:00:00Z" }, "job": {{Job}} }
            """);
        var fromRunStart = Parse($$"""
            { "name": "p", "schedule": { "cron": "0 * * * *" },
              "incremental": { "from": "runStart", "initial": "2024-01-01T00:00:00Z", "lookback": "00:01:00" }, "job": {{Job}} }
            """);

        Assert.Empty(fromHeader.Errors);
        Assert.Equal((WatermarkSource.Header, "X-Max-Updated", null), (fromHeader.Spec?.Incremental?.From, fromHeader.Spec?.Incremental?.Header, fromHeader.Spec?.Incremental?.CursorPointer));
        Assert.Empty(fromRunStart.Errors);
        Assert.Equal(WatermarkSource.RunStart, fromRunStart.Spec?.Incremental?.From);
    }

    [Fact]
    public void Name_schedule_and_job_are_required_and_all_missing_ones_are_named()
    {
        var (spec, errors) = Parse("{}");

        Assert.Null(spec);
        Assert.Contains("name", errors.Keys);
        Assert.Contains("schedule", errors.Keys);
        Assert.Contains("job", errors.Keys);
    }

    [Fact]
    public void The_job_s_records_are_read_as_a_job_s_and_their_errors_carry_the_job_s_path()
    {
        var (spec, errors) = Parse("""
            { "name": "p", "schedule": { "every": "01:00:00" },
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake", "prefix": "a/{runId}" },
                       "records": { "pointer": "/items", "format": "xml", "partitionBy": { "pointer": "created_at" } } } }
            """);

        Assert.Null(spec);
        Assert.Equal("Must be one of \"parquet\", \"jsonl.gz\".", Assert.Single(errors["job.records.format"]));
        Assert.Contains("job.records.partitionBy.pointer", errors.Keys);
    }

    [Fact]
    public void A_pipeline_as_the_api_shows_it_reads_back_with_the_same_records_in_its_job()
    {
        var (spec, errors) = Parse("""
            { "name": "p", "schedule": { "every": "01:00:00" },
              "job": { "source": { "urls": ["https://api.example.com/a"] }, "destination": { "container": "lake", "prefix": "a/{runId}" },
                       "records": { "pointer": "/items", "format": "jsonl.gz", "partitionBy": { "pointer": "/created_at", "granularity": "month" }, "lineage": true } } }
            """);
        Assert.Empty(errors);

        var shown = JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        }.WriteContractsAsWireRecords());
        var (again, errorsAgain) = Parse(shown);

        Assert.Empty(errorsAgain);
        Assert.Equal(
            new RecordsSpec
            {
                Pointer = "/items",
                Format = RecordFormat.JsonLinesGzip,
                PartitionBy = new RecordPartitionSpec { Pointer = "/created_at", Granularity = PartitionGranularity.Month },
                TargetFileMiB = RecordsSpec.DefaultTargetFileMiB,
                Lineage = true,
            },
            again?.Job.Records);
        Assert.True(JobSpecEquivalence.AreSame(spec!.Job, again!.Job));
    }

    private static (PipelineSpec? Spec, Dictionary<string, string[]> Errors) Parse(string json)
    {
        var limits = Options.Create(new JobLimits());
        var parser = new PipelineSpecParser(new JobSpecParser(limits), limits, Options.Create(new PipelineOptions()));
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var spec = parser.Parse(document.RootElement, errors);
        return (spec, errors.ToDictionary());
    }
}
