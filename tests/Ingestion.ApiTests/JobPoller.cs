using System.Diagnostics;
using System.Net.Http.Json;
using Ingestion.Jobs;

namespace Ingestion.ApiTests;

/// <summary>Polls a job every 200 ms as a dashboard would, noting every answer and when its count of stored pages moved.</summary>
internal sealed class JobPoller(HttpClient client, Uri location)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, int Succeeded)> _progress = [];
    private int _succeeded;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The job's count of stored pages at the last answer.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    public List<string> ServerErrors { get; } = [];

    public async Task<JobView> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(4));
        while (true)
        {
            using var response = await client.GetAsync(location, deadline.Token);
            if ((int)response.StatusCode >= 500)
            {
                ServerErrors.Add($"{_clock.Elapsed.TotalSeconds:F1} s: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline.Token)}");
            }
            else
            {
                var job = (await response.Content.ReadFromJsonAsync<JobView>(ApiJobs.Json, deadline.Token))!;
                lock (_progress)
                {
                    if (job.Pages.Succeeded != _succeeded || _progress.Count == 0)
                    {
                        _progress.Add((_clock.Elapsed, job.Pages.Succeeded));
                        Volatile.Write(ref _succeeded, job.Pages.Succeeded);
                    }
                }

                if (job.Status.IsFinished())
                {
                    return job;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    public async Task WaitUntilAsync(Func<int, bool> condition, TimeSpan timeout)
    {
        var until = _clock.Elapsed + timeout;
        while (!condition(Volatile.Read(ref _succeeded)))
        {
            Assert.True(_clock.Elapsed < until, $"The job did not get that far within {timeout}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The longest time after <paramref name="from"/> in which the count of stored pages did not move.</summary>
    public TimeSpan LongestStallAfter(TimeSpan from)
    {
        lock (_progress)
        {
            var moves = _progress.Select(move => move.At).Where(at => at >= from).Prepend(from).ToList();
            return moves.Zip(moves.Skip(1), (before, after) => after - before).DefaultIfEmpty(TimeSpan.Zero).Max();
        }
    }
}
