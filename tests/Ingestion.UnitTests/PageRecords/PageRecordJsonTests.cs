using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.PageRecords;
using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.UnitTests.PageRecords;

public sealed class PageRecordJsonTests
{
    [Theory]
    [MemberData(nameof(SamplePages.All), MemberType = typeof(SamplePages))]
    public void A_record_comes_back_from_its_journal_line(PageRecord page)
    {
        var line = Encoding.UTF8.GetString(PageRecordJson.ToJournalLine(page));

        Assert.DoesNotContain('\n', line);
        Assert.Equal(page, PageRecordJson.FromJournalLine(line));
    }

    [Theory]
    [MemberData(nameof(SamplePages.All), MemberType = typeof(SamplePages))]
    public void A_record_comes_back_from_its_manifest_entry(PageRecord page)
    {
        var jobId = Guid.NewGuid();

        var read = new List<PageRecord>();
        new ManifestPageParser(jobId).Parse(ManifestOf(jobId, page), isFinalBlock: true, read);

        Assert.Equal(page, Assert.Single(read));
    }

    [Theory]
    [MemberData(nameof(SamplePages.All), MemberType = typeof(SamplePages))]
    public void The_api_lists_a_page_in_the_shape_of_its_manifest_entry(PageRecord page)
    {
        var entry = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(entry))
        {
            PageRecordJson.WriteManifestEntry(writer, page);
        }

        Assert.Equal(JsonSerializer.Serialize(page, ApiJsonOptions()), Encoding.UTF8.GetString(entry.WrittenSpan));
    }

    [Fact]
    public void A_journal_line_keeps_the_shape_stored_journals_and_manifests_already_have()
    {
        var line = Encoding.UTF8.GetString(PageRecordJson.ToJournalLine(SamplePages.Failed));

        Assert.Equal(
            """
            {"page":12,"url":"https://api.example.com/items?page=12","status":"Failed","httpStatus":503,"attempts":3,"error":"HTTP 503 Service Unavailable","fetchedAt":"2026-01-02T03:04:05.678+00:00","retryAt":"2026-01-02T03:05:00+00:00","durationMs":12.5,"reachedFrom":11,"failureKind":"Http"}
            """,
            line);
    }

    [Fact]
    public void A_blank_journal_line_holds_no_record() => Assert.Null(PageRecordJson.FromJournalLine(""));

    /// <summary>A manifest of one page, as <see cref="ManifestStore"/> streams it: the job id first, then the page list.</summary>
    private static byte[] ManifestOf(Guid jobId, PageRecord page)
    {
        var manifest = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(manifest))
        {
            writer.WriteStartObject();
            writer.WriteString("jobId", jobId);
            writer.WriteStartArray("pages");
            PageRecordJson.WriteManifestEntry(writer, page);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return manifest.WrittenSpan.ToArray();
    }

    /// <summary>The API's JSON, as <c>AddApplicationServices</c> configures ASP.NET's (web defaults, enums by name, no nulls).</summary>
    private static JsonSerializerOptions ApiJsonOptions()
    {
        var options = new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions;
        options.Converters.Add(new JsonStringEnumConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
