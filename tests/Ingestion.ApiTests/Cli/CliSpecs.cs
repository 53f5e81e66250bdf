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

    /// <summary>
    /// As <see cref="Range"/>, with URLs of about 150 characters that end in the page number:
    /// <c>{base}/pages/{page}?fields=field1,...,field20&amp;n={page}</c>. The upstream ignores the query.
    /// </summary>
    public static JsonObject RangeWithLongUrls(UpstreamServer upstream, int pages)
    {
        var spec = Range(upstream, pages);
        spec["source"]!["urlTemplate"] = LongUrl(upstream, "{page}");
        return spec;
    }

    /// <summary>The URL of a page of <see cref="RangeWithLongUrls"/>; <paramref name="page"/> may be the template's <c>{page}</c>.</summary>
    public static string LongUrl(UpstreamServer upstream, string page) =>
        $"{upstream.BaseUrl}/pages/{page}?fields={string.Join(',', Enumerable.Range(1, 20).Select(i => $"field{i}"))}&n={page}";

    /// <summary>Writes the spec to a new temporary file, deleted when the answer is disposed.</summary>
    public static async Task<SpecFile> WriteAsync(JsonNode spec)
    {
        var file = new SpecFile(Path.Combine(Path.GetTempPath(), $"ingest-cli-{Guid.NewGuid():N}.json"));
        await File.WriteAllTextAsync(file.Path, spec.ToJsonString(), TestContext.Current.CancellationToken);
        return file;
    }
}
