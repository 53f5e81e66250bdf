using Ingestion.Grains.Pipelines;
using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class RunSpecsTests
{
    [Fact]
    public void The_watermark_goes_into_the_urls_escaped_and_into_headers_as_it_is()
    {
        var template = JobSpecParsing.Parse("""
            { "source": { "urlTemplate": "https://api.example.com/items?updated_since={watermark}&page={page}", "pages": { "from": 1, "to": 3 } },
              "headers": { "X-Since": "{watermark}", "Accept": "application/json" } }
            """).Spec!;

        var run = RunSpecs.For(template, Watermark.Parse("2024-06-01T14:00:00+02:00"), "items #7");

        Assert.Equal("https://api.example.com/items?updated_since=2024-06-01T14%3A00%3A00%2B02%3A00&page={page}", run.Source.UrlTemplate);
        Assert.Equal("2024-06-01T14:00:00+02:00", run.Headers["X-Since"]);
        Assert.Equal("application/json", run.Headers["Accept"]);
        Assert.Equal("items #7", run.Name);
        // The pipeline's own job keeps its placeholder for the next run.
        Assert.Contains("{watermark}", template.Source.UrlTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_urls_gets_the_watermark_in_each()
    {
        var template = JobSpecParsing.Parse("""{ "source": { "urls": ["https://a.example.com/x?since={watermark}", "https://b.example.com/y?since={watermark}"] } }""").Spec!;

        var run = RunSpecs.For(template, new Watermark(WatermarkKind.Number, "42"), "n");

        Assert.Equal(["https://a.example.com/x?since=42", "https://b.example.com/y?since=42"], run.Source.Urls);
    }
}
