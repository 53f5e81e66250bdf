using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Jobs;

namespace Ingestion.ApiTests;

/// <summary><c>GET /api/jobs</c>: the newest jobs first, a slice at a time, each slice asked for with the last one's continuation.</summary>
[Collection(ApiCollection.Name)]
public sealed class JobListingTests(ApiEnvironment api)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jobs_are_listed_newest_first_a_slice_at_a_time_each_once_and_the_last_slice_says_so()
    {
        using var client = api.CreateClient();
        var submitted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var job = await ApiJobs.RunAsync(
                client,
                $$"""{ "name": "listed-{{i}}", "source": { "urlTemplate": "{{api.Upstream.BaseUrl}}/pages/{page}", "pages": { "from": 1, "to": 1 } }, "destination": { "container": "listing", "prefix": "listed/{jobId}" } }""",
                TimeSpan.FromSeconds(30));
            submitted.Add(job.Id);
        }

        var listed = new List<JobSummary>();
        string? continuation = null;
        var slices = 0;
        do
        {
            var query = continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}";
            var slice = (await client.GetFromJsonAsync<ContinuedListing<JobSummary>>($"/api/jobs?take=2{query}", ApiJobs.Json, Cancellation))!;
            Assert.InRange(slice.Items.Count, slice.Continuation is null ? 0 : 2, 2);
            listed.AddRange(slice.Items);
            continuation = slice.Continuation;
            Assert.True(++slices < 1_000, "The list does not end.");
        }
        while (continuation is not null);

        Assert.Equal(listed.Count, listed.Select(job => job.Id).Distinct().Count());
        Assert.Equal(listed.OrderByDescending(job => job.CreatedAt).Select(job => job.Id), listed.Select(job => job.Id));
        var ours = listed.Where(job => submitted.Contains(job.Id)).ToList();
        Assert.Equal(Enumerable.Reverse(submitted), ours.Select(job => job.Id));
        Assert.All(ours, job => Assert.Equal(JobStatus.Completed, job.Status));
    }

    [Theory]
    [InlineData("continuation=not-a-continuation", "continuation")]
    [InlineData("continuation=" + "MDAwMDAwLzE", "continuation")]
    [InlineData("skip=100", "skip")]
    [InlineData("take=0", "take")]
    public async Task A_bad_listing_parameter_is_a_400_naming_it(string query, string parameter)
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync(new Uri($"/api/jobs?{query}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), problem.RootElement.GetRawText());
    }
}
