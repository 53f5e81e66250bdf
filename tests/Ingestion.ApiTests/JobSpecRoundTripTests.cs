using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Api.Apis;
using Ingestion.Api.Jobs;
using Ingestion.Grains;

namespace Ingestion.ApiTests;

/// <summary>
/// A job's spec as <c>GET /api/jobs/{id}</c> shows it can be submitted again as it is, its secrets (shown masked) given
/// again, and makes the same job: for every shape of source, and for every other field of the spec.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JobSpecRoundTripTests(ApiEnvironment environment)
{
    private const string ExampleHost = "https://api.example.com";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Every shape the API accepts, and the fields beyond the source that a resubmission must keep.</summary>
    public static TheoryData<string, string> Specs
    {
        get
        {
            var specs = new TheoryData<string, string>();
            foreach (var (example, spec) in JobSpecExamples.Accepted.Select(row => row.Data))
            {
                specs.Add(example, spec);
            }

            specs.Add(
                "a destination with placeholders that writes a new version",
                """{"source": {"urls": ["https://api.example.com/a"]}, "destination": {"container": "ingest", "prefix": "api-tests/round-trip/{date:yyyy/MM/dd}", "ifExists": "newVersion"}}""");
            specs.Add(
                "a destination that replaces the job before it",
                """{"source": {"url": "https://api.example.com/items", "next": {"linkHeader": true}, "allowEmpty": true}, "destination": {"prefix": "api-tests/round-trip", "ifExists": "replace"}}""");
            specs.Add(
                "secret and plain headers",
                """{"source": {"urls": ["https://api.example.com/a"]}, "headers": {"Accept": "application/json", "Authorization": "Bearer round-trip-secret", "X-Api-Key": "round-trip-key", "X-Tenant": "contoso"}}""");
            specs.Add(
                "a failure budget, politeness and retries",
                """{"source": {"urls": ["https://api.example.com/a"]}, "failure": {"maxFailedFraction": 0.25}, "politeness": {"maxRequestsPerSecond": 0.5}, "retry": {"baseDelaySeconds": 2}}""");
            return specs;
        }
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task A_spec_as_a_job_shows_it_submitted_again_makes_the_same_job(string example, string spec)
    {
        using var client = environment.CreateClient();
        var submitted = Locally(spec);
        var first = await SubmitAsync(client, submitted.ToJsonString());
        var shown = await ShownSpecAsync(client, first);
        // A prefix that refuses other jobs (ifExists "fail") is one job's even once it has ended; "replace" needs the
        // job before to have ended.
        await CancelAsync(client, first);

        var second = await SubmitAsync(client, WithSecretsGivenAgain(shown, submitted));
        var shownAgain = await ShownSpecAsync(client, second);
        await CancelAsync(client, second);

        Assert.Equal(shown, shownAgain);
        var firstSpec = (await environment.Grains.GetGrain<IIngestionJobGrain>(first).GetView())!.Spec;
        var secondSpec = (await environment.Grains.GetGrain<IIngestionJobGrain>(second).GetView())!.Spec;
        Assert.True(JobSpecEquivalence.AreSame(firstSpec, secondSpec), $"{example}: {shown}");
    }

    /// <summary>
    /// The spec with its example URLs on the tests' upstream (loopback), so that the jobs fetch nothing from outside,
    /// and a prefix of its own, so that one test's jobs do not meet another's.
    /// </summary>
    private JsonObject Locally(string spec)
    {
        var json = spec.Replace(ExampleHost, environment.Upstream.BaseUrl, StringComparison.Ordinal);
        var node = JsonNode.Parse(json)!.AsObject();
        var run = $"api-tests/round-trip/{Guid.CreateVersion7():N}";
        if (node["destination"]?["prefix"] is { } prefix)
        {
            var written = prefix.GetValue<string>();
            node["destination"]!["prefix"] = written.StartsWith("api-tests/round-trip", StringComparison.Ordinal)
                ? run + written["api-tests/round-trip".Length..]
                : $"{run}/{{jobId}}";
        }

        return node;
    }

    /// <summary>The spec shown, with each masked header value replaced by the value submitted, as a user would.</summary>
    private static string WithSecretsGivenAgain(string shown, JsonObject submitted)
    {
        var spec = JsonNode.Parse(shown)!.AsObject();
        var given = submitted["headers"]?.AsObject();
        foreach (var (name, value) in spec["headers"]!.AsObject().ToList())
        {
            if (value!.GetValue<string>() == Redaction.Mask)
            {
                var secret = given!.Single(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value!;
                spec["headers"]![name] = secret.GetValue<string>();
            }
        }

        return spec.ToJsonString();
    }

    private static async Task<Guid> SubmitAsync(HttpClient client, string spec)
    {
        using var response = await ApiJobs.PostAsync(client, spec);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{spec} -> {body}");
        using var job = JsonDocument.Parse(body);
        return job.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The job's spec as <c>GET /api/jobs/{id}</c> shows it, as JSON text.</summary>
    private static async Task<string> ShownSpecAsync(HttpClient client, Guid id)
    {
        using var job = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative), Cancellation));
        return job.RootElement.GetProperty("spec").GetRawText();
    }

    /// <summary>Stops the job (its pages would go on loading the shared upstream); one that has ended already is a 409.</summary>
    private static async Task CancelAsync(HttpClient client, Guid id)
    {
        using var response = await client.PostAsync(new Uri($"/api/jobs/{id}/cancel", UriKind.Relative), null, Cancellation);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{response.StatusCode}");
    }
}
