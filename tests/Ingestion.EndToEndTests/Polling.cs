namespace Ingestion.EndToEndTests;

/// <summary>Reads until what was read is complete: telemetry reaches the dashboard in batches, a second or so late.</summary>
internal static class Polling
{
    /// <summary>
    /// Reads until <paramref name="complete"/> holds, for a minute at most, and answers the last read either way: the
    /// caller's assertions then say what is missing.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> complete)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await read(cancellationToken);
            if (complete(value) || DateTimeOffset.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
