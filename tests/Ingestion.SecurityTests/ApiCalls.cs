using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.SecurityTests;

/// <summary>Calls to the API that the tests share.</summary>
internal static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> PostJobAsync(this HttpClient api, string body) =>
        api.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);

    /// <summary>How many jobs the cluster lists, read a slice at a time to the end.</summary>
    public static async Task<int> JobCountAsync(this HttpClient api)
    {
        var (count, continuation) = (0, (string?)null);
        do
        {
            var query = continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}";
            var slice = (await api.GetFromJsonAsync<ContinuedListing<JobSummary>>($"/api/jobs?take=1000{query}", Json, Cancellation))!;
            (count, continuation) = (count + slice.Items.Count, slice.Continuation);
        }
        while (continuation is not null);

        return count;
    }

    public static async Task<JobView> WaitForEndAsync(this HttpClient api, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = (await api.GetFromJsonAsync<JobView>(location, Json, Cancellation))!;
            if (job.Status.IsFinished())
            {
                return job;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The job did not end in time: {job.Pages}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
        }
    }

    public static async Task<IReadOnlyList<PageRecord>> PagesAsync(this HttpClient api, Guid jobId) =>
        (await api.GetFromJsonAsync<Listing<PageRecord>>($"/api/jobs/{jobId}/pages?take=1000", Json, Cancellation))!.Items;
}
