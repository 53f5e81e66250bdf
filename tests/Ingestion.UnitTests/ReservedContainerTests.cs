namespace Ingestion.UnitTests;

public sealed class ReservedContainerTests
{
    [Theory]
    [InlineData("grainstate")]
    [InlineData("ingestion-journal")]
    [InlineData("ingestion-anything")]
    public void A_job_may_not_write_into_the_service_s_own_containers(string container)
    {
        var (spec, errors) = JobSpecParsing.Parse(
            $$"""{ "source": { "urls": ["https://example.com/1"] }, "destination": { "container": "{{container}}" } }""");

        Assert.Null(spec);
        Assert.Contains("reserved", Assert.Single(errors["destination.container"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grainstate")]
    [InlineData("ingestion-journal")]
    public void A_job_may_not_read_a_url_list_from_the_service_s_own_containers(string container)
    {
        var (spec, errors) = JobSpecParsing.ParseSource($$"""{ "urlsBlob": { "container": "{{container}}", "name": "x" } }""");

        Assert.Null(spec);
        Assert.Contains("reserved", Assert.Single(errors["source.urlsBlob.container"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Other_containers_are_fine()
    {
        var (spec, errors) = JobSpecParsing.ParseSource("""{ "urlsBlob": { "container": "ingest-lists", "name": "x" } }""");

        Assert.NotNull(spec);
        Assert.Empty(errors);
    }
}
