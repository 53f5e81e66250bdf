using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

/// <summary><c>--json</c>: the API's JSON as it came, for other tools.</summary>
[Collection(ApiCollection.Name)]
public sealed class CliJsonTests(ApiEnvironment api)
{
    [Fact]
    public async Task List_json_prints_the_job_list_as_the_api_wrote_it()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 2));
        var id = (await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch")).SubmittedJobId;

        var result = await CliRun.AgainstApiAsync(api, "list", "--take", "1", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(await GetAsync("api/jobs?take=1"), result.StandardOutput.TrimEnd('\n'));
        Assert.Equal(id.ToString(), JsonNode.Parse(result.StandardOutput)!["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task Pages_json_prints_the_slice_of_pages_as_the_api_wrote_it()
    {
        var id = await RunJobAsync(pages: 5);

        var result = await CliRun.AgainstApiAsync(api, "pages", id, "--skip", "1", "--take", "3", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(await GetAsync($"api/jobs/{id}/pages?skip=1&take=3"), result.StandardOutput.TrimEnd('\n'));
    }

    [Fact]
    public async Task Pages_all_json_prints_every_page_as_json_lines_one_page_a_line_as_the_api_wrote_it()
    {
        var id = await RunJobAsync(pages: 25);
        using var whole = JsonDocument.Parse(await GetAsync($"api/jobs/{id}/pages?take=1000"));

        var result = await CliRun.AgainstApiAsync(api, "pages", id, "--all", "--take", "10", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(
            whole.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetRawText()),
            result.OutputLines);
        Assert.Equal(Enumerable.Range(1, 25), result.OutputLines.Select(line => JsonNode.Parse(line)!["page"]!.GetValue<int>()));
    }

    private async Task<string> RunJobAsync(int pages)
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages));
        var watch = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--watch");
        Assert.True(watch.ExitCode == ExitCodes.Success, watch.ToString());
        return watch.SubmittedJobId.ToString();
    }

    private async Task<string> GetAsync(string path)
    {
        using var client = api.CreateClient();
        return await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
    }
}
