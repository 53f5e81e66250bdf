using System.Diagnostics;
using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>
/// How long a finished job's listing of its last pages takes (<c>GET /api/jobs/{id}/pages?skip=N&amp;take=100</c>): the
/// median of a few calls, so that the first call's one-off costs (activating the job, reading its manifest) do not
/// decide it.
/// </summary>
public static class LastPagesListing
{
    private const int Calls = 5;
    private const int Take = 100;

    public static async Task<TimeSpan> TimeAsync(HttpClient http, Guid jobId, int skip, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{jobId}/pages?skip={skip}&take={Take}");
        var times = new List<TimeSpan>();
        for (var call = 0; call < Calls; call++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started));
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {body}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {url}: {string.Join(", ", times.Select(time => $"{time.TotalMilliseconds:F0}"))} ms"));
        return times.Order().ElementAt(Calls / 2);
    }
}
