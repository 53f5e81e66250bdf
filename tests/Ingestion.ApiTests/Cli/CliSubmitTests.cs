using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Cli;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliSubmitTests(ApiEnvironment api)
{
    [Fact]
    public async Task Submit_prints_the_id_of_a_job_the_api_then_knows()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 5));

        var result = await CliRun.AgainstApiAsync(api, "submit", spec.Path);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var client = api.CreateClient();
        var job = await client.GetFromJsonAsync<JsonElement>($"api/jobs/{result.SubmittedJobId}", TestContext.Current.CancellationToken);
        Assert.Equal("cli-5-pages", job.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Submit_reads_the_spec_from_standard_input_given_a_dash()
    {
        api.Upstream.Clear();
        var spec = CliSpecs.Range(api.Upstream, pages: 3).ToJsonString();

        var result = await CliRun.RunAsync(
            ["submit", "-", "--api-url", api.ApiBaseAddress.ToString(), "--api-key", ApiEnvironment.ApiKey],
            input: new StringReader(spec));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.NotEqual(Guid.Empty, result.SubmittedJobId);
    }

    [Fact]
    public async Task Submit_with_the_same_idempotency_key_reaches_the_same_job()
    {
        api.Upstream.Clear();
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 3));
        var key = $"cli-{Guid.NewGuid():N}";

        var first = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--idempotency-key", key);
        var second = await CliRun.AgainstApiAsync(api, "submit", spec.Path, "--idempotency-key", key);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Equal(first.SubmittedJobId, second.SubmittedJobId);
    }

    [Fact]
    public async Task Submit_and_pages_count_a_single_page_in_the_singular()
    {
        api.Upstream.Clear();
        api.Upstream.Fail(1, 404);
        using var spec = await CliSpecs.WriteAsync(CliSpecs.Range(api.Upstream, pages: 1));

        var submit = await CliRun.AgainstApiAsync(api, "submit", spec.Path);
        var id = submit.SubmittedJobId.ToString();
        var watch = await CliRun.AgainstApiAsync(api, "watch", id);
        var failed = await CliRun.AgainstApiAsync(api, "pages", id, "--failed");

        Assert.True(submit.ExitCode == ExitCodes.Success, submit.ToString());
        Assert.Matches($@"^Submitted job {id} \(cli-1-pages\): [A-Za-z]+, 1 page\.$", Assert.Single(submit.Lines));
        Assert.True(watch.ExitCode == ExitCodes.JobFailed, watch.ToString());
        Assert.True(failed.ExitCode == ExitCodes.Success, failed.ToString());
        Assert.Equal("1 of 1 failed page", failed.StandardError.Trim());
    }

    [Fact]
    public async Task A_bad_spec_prints_every_field_error_and_exits_ApiRefused()
    {
        using var spec = await CliSpecs.WriteAsync(new JsonObject
        {
            ["source"] = new JsonObject
            {
                ["urlTemplate"] = api.Upstream.BaseUrl + "/pages/{page}",
                ["pages"] = new JsonObject { ["from"] = 5, ["to"] = 3 },
            },
            ["concurrency"] = 0,
        });

        var result = await CliRun.AgainstApiAsync(api, "submit", spec.Path);

        Assert.True(result.ExitCode == ExitCodes.ApiRefused, result.ToString());
        Assert.Contains("The job spec is not valid. (400 BadRequest)", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.Lines, line => line.StartsWith("source.pages.to: Must not be less than from (5).", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.StartsWith("concurrency: ", StringComparison.Ordinal));
        Assert.DoesNotContain("Submitted job", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_file_that_does_not_exist_exits_Usage()
    {
        var result = await CliRun.AgainstApiAsync(api, "submit", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("Cannot read the job spec", result.Output, StringComparison.Ordinal);
    }
}
