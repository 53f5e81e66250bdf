using System.Text.Json.Nodes;
using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliQueryTests(ApiEnvironment api)
{
    [Fact]
    public async Task Status_json_prints_the_job_as_the_api_wrote_it()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 2));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path)).SubmittedJobId;

        var result = await CliRun.AgainstApiAsync(api, "status", id.ToString(), "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var job = JsonNode.Parse(result.Output)!;
        Assert.Equal(id.ToString(), job["id"]!.GetValue<string>());
        Assert.NotNull(job["spec"]);
    }

    [Fact]
    public async Task Status_of_an_unknown_job_says_so_and_exits_ApiRefused()
    {
        var result = await CliRun.AgainstApiAsync(api, "status", Guid.NewGuid().ToString());

        Assert.True(result.ExitCode == ExitCodes.ApiRefused, result.ToString());
        Assert.Contains("Job not found. (404 NotFound)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_a_submitted_job()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 2));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path)).SubmittedJobId;

        var result = await CliRun.AgainstApiAsync(api, "list", "--take", "1000");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains(id.ToString(), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_all_pages_through_every_page_in_order()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 25));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch")).SubmittedJobId.ToString();

        var result = await CliRun.AgainstApiAsync(api, "pages", id, "--all", "--take", "10");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(Enumerable.Range(1, 25), result.FirstColumnNumbers());
    }
}
