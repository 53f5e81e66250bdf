using System.Text.Json.Nodes;
using Ingestion.Testing;

namespace Ingestion.ApiTests.Cli;

/// <summary>Job spec files as a user writes them, against the test upstream, each under a blob prefix of its own.</summary>
internal static class CliSpecs
{
    public static JsonObject Range(UpstreamServer upstream, int pages, int concurrency = 8) => new()
    {
        ["name"] = $"cli-{pages}-pages",
        ["source"] = new JsonObject
        {
            ["urlTemplate"] = upstream.BaseUrl + "/pages/{page}",
            ["pages"] = new JsonObject { ["from"] = 1, ["to"] = pages },
        },
        ["concurrency"] = concurrency,
        // Short waits, so a page that keeps failing fails for good in well under a second.
        ["retry"] = new JsonObject { ["maxAttempts"] = 2, ["baseDelaySeconds"] = 0.05, ["maxDelaySeconds"] = 0.5 },
        ["destination"] = new JsonObject { ["container"] = "ingest", ["prefix"] = $"cli-tests/{Guid.NewGuid():N}" },
    };

    /// <summary>Writes the spec to a new temporary file, deleted when the answer is disposed.</summary>
    public static async Task<SpecFile> WriteAsync(JsonNode spec)
    {
        var file = new SpecFile(Path.Combine(Path.GetTempPath(), $"ingest-cli-{Guid.NewGuid():N}.json"));
        await File.WriteAllTextAsync(file.Path, spec.ToJsonString(), TestContext.Current.CancellationToken);
        return file;
    }
}
