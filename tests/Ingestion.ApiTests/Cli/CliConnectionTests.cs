using Ingestion.Cli;
using Ingestion.Testing;

namespace Ingestion.ApiTests.Cli;

[Collection(ApiCollection.Name)]
public sealed class CliConnectionTests(ApiEnvironment api)
{
    [Fact]
    public async Task A_wrong_api_key_says_where_the_key_comes_from_without_the_key_and_exits_Unauthorized()
    {
        const string wrongKey = "not-the-key-4f1c2a";

        var result = await CliRun.RunAsync(["list", "--api-url", api.ApiBaseAddress.ToString(), "--api-key", wrongKey]);

        Assert.True(result.ExitCode == ExitCodes.Unauthorized, result.ToString());
        Assert.Equal("", result.StandardOutput);
        Assert.Equal(
            [
                $"Not authorised: {api.ApiBaseAddress} answered 401, the API key was not accepted.",

                // The API's own problem detail.
                "The API says: Send the API key in the X-Api-Key header.",
                "The key is read from --api-key or INGEST_API_KEY. For a local run, the AppHost's console prints an " +
                "'export INGEST_API_KEY=...' line at start-up, and the Aspire dashboard shows the key under Parameters (api-key).",
            ],
            result.Lines);
        Assert.DoesNotContain(wrongKey, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_gives_one_clear_line_and_exits_Unreachable()
    {
        // A port that was free a moment ago: nothing listens there, so the connection is refused at once.
        var closedPort = FreeTcpPorts.Pick(1)[0];
        var url = $"http://127.0.0.1:{closedPort}/";

        var result = await CliRun.RunAsync(["status", Guid.NewGuid().ToString(), "--api-url", url, "--api-key", ApiEnvironment.ApiKey]);

        Assert.True(result.ExitCode == ExitCodes.Unreachable, result.ToString());
        var line = Assert.Single(result.Lines);
        Assert.StartsWith($"Cannot reach the ingestion API at {url}:", line, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiEnvironment.ApiKey, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_every_exit_code()
    {
        var result = await CliRun.RunAsync(["--help"]);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Exit codes:", result.Lines);
        Assert.All(ExitCodes.All, code => Assert.Contains(result.Lines, line => line.StartsWith($"{code.Code} ", StringComparison.Ordinal) && line.EndsWith(code.Meaning, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_malformed_job_id_exits_Usage()
    {
        var result = await CliRun.RunAsync(["status", "not-a-guid", "--api-url", api.ApiBaseAddress.ToString()]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("ingest status --help", result.Output, StringComparison.Ordinal);
    }
}
