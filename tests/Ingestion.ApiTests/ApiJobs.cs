using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.ApiTests;

/// <summary>Submitting jobs through the API and waiting for them, as a client does.</summary>
internal static class ApiJobs
{
    /// <summary>The API's JSON; a job's spec is read as a resubmission of it would be (<see cref="ShownSpecJsonConverter"/>).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new ShownSpecJsonConverter() },
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string spec)
    {
        using var content = new StringContent(spec, Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content, Cancellation);
    }

    /// <summary>Submits the spec (it must be accepted) and waits, bounded, for the job to end.</summary>
    public static async Task<JobView> RunAsync(HttpClient client, string spec, TimeSpan timeout)
    {
        using var response = await PostAsync(client, spec);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var location = response.Headers.Location ?? throw new InvalidOperationException("No Location header.");
        return await WaitForEndAsync(client, location, timeout);
    }

    public static async Task<JobView> WaitForEndAsync(HttpClient client, Uri location, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JobView>(location, Json, deadline.Token)
                ?? throw new JsonException("The job view is empty.");
            if (job.Status.IsFinished())
            {
                return job;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
