using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Jobs;

namespace Ingestion.ApiTests;

/// <summary>Destination prefixes through the API: who owns one, what a second job into it gets, and placeholders.</summary>
[Collection(ApiCollection.Name)]
public sealed class PrefixApiTests(ApiEnvironment environment)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Spec(string prefix, int pages, string? ifExists = null) => $$"""
        {
          "source": { "urlTemplate": "{{environment.Upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": {{pages}} } },
          "destination": { "prefix": "{{prefix}}"{{(ifExists is null ? "" : $", \"ifExists\": \"{ifExists}\"")}} }
        }
        """;

    [Fact]
    public async Task A_second_job_into_a_used_prefix_is_a_409_naming_the_field_and_the_job_that_owns_it()
    {
        environment.Upstream.Clear();
        using var client = environment.CreateClient();
        var prefix = $"api-tests/prefixes/{Guid.NewGuid():N}";
        var first = await ApiJobs.RunAsync(client, Spec(prefix, 20), JobTimeout);

        using var response = await ApiJobs.PostAsync(client, Spec(prefix, 5));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var root = problem.RootElement;
        Assert.Equal("The destination prefix belongs to another job.", root.GetProperty("title").GetString());
        Assert.Equal(first.Id, root.GetProperty("ownerJobId").GetGuid());
        Assert.Equal(prefix, root.GetProperty("prefix").GetString());
        var error = Assert.Single(root.GetProperty("errors").GetProperty("destination.prefix").EnumerateArray()).GetString();
        Assert.Contains($"holds the pages and manifest of job {first.Id}", error, StringComparison.Ordinal);
        Assert.Contains("\"replace\"", error, StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Replace_supersedes_the_earlier_job_whose_pages_are_then_gone_with_a_410()
    {
        environment.Upstream.Clear();
        using var client = environment.CreateClient();
        var prefix = $"api-tests/prefixes/{Guid.NewGuid():N}";
        var first = await ApiJobs.RunAsync(client, Spec(prefix, 20), JobTimeout);

        var second = await ApiJobs.RunAsync(client, Spec(prefix, 5, "replace"), JobTimeout);
        var old = await client.GetFromJsonAsync<JobView>(new Uri($"/api/jobs/{first.Id}", UriKind.Relative), ApiJobs.Json, Cancellation);
        using var pages = await client.GetAsync(new Uri($"/api/jobs/{first.Id}/pages", UriKind.Relative), Cancellation);
        using var retry = await client.PostAsync(new Uri($"/api/jobs/{first.Id}/retry-failed", UriKind.Relative), null, Cancellation);

        Assert.Equal(JobStatus.Completed, second.Status);
        Assert.Equal(first.Id, second.Replaced);
        Assert.Equal(second.Id, old!.SupersededBy);
        Assert.Equal(HttpStatusCode.Gone, pages.StatusCode);
        using var problem = JsonDocument.Parse(await pages.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(second.Id, problem.RootElement.GetProperty("supersededBy").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
    }

    [Fact]
    public async Task Placeholders_are_filled_in_and_an_unknown_one_is_a_400_naming_the_prefix()
    {
        environment.Upstream.Clear();
        using var client = environment.CreateClient();
        var root = $"api-tests/prefixes/{Guid.NewGuid():N}";

        var job = await ApiJobs.RunAsync(client, Spec(root + "/{date:yyyy/MM/dd}/{jobId}", 2), JobTimeout);
        using var refused = await ApiJobs.PostAsync(client, Spec(root + "/{id}", 2));

        Assert.Equal($"{root}/{job.CreatedAt.UtcDateTime:yyyy'/'MM'/'dd}/{job.Id}", job.Destination.Prefix);
        Assert.Equal(root + "/{date:yyyy/MM/dd}/{jobId}", job.Spec.Destination.Prefix);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancellation));
        var error = Assert.Single(problem.RootElement.GetProperty("errors").GetProperty("destination.prefix").EnumerateArray()).GetString();
        Assert.StartsWith("Unknown placeholder {id} (did you mean {jobId}?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_failed_answers_202_with_the_job_running_again_404_for_an_unknown_job_and_409_when_nothing_failed()
    {
        environment.Upstream.Clear();
        environment.Upstream.Fail(2, 404);
        using var client = environment.CreateClient();
        var failed = await ApiJobs.RunAsync(client, Spec($"api-tests/prefixes/{Guid.NewGuid():N}", 4), JobTimeout);
        environment.Upstream.Clear();

        using var retry = await client.PostAsync(new Uri($"/api/jobs/{failed.Id}/retry-failed", UriKind.Relative), null, Cancellation);
        var running = await retry.Content.ReadFromJsonAsync<JobView>(ApiJobs.Json, Cancellation);
        var done = await ApiJobs.WaitForEndAsync(client, retry.Headers.Location!, JobTimeout);
        using var again = await client.PostAsync(new Uri($"/api/jobs/{failed.Id}/retry-failed", UriKind.Relative), null, Cancellation);
        using var unknown = await client.PostAsync(new Uri($"/api/jobs/{Guid.NewGuid()}/retry-failed", UriKind.Relative), null, Cancellation);

        Assert.Equal(JobStatus.CompletedWithErrors, failed.Status);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(JobStatus.Running, running!.Status);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(1, done.Retries);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
