using Ingestion.Cli.Api;

namespace Ingestion.Cli.Commands;

/// <summary>Reads a job's pages from one page on to the last, one request per batch, for <c>pages --all</c>.</summary>
public static class AllPages
{
    /// <summary>
    /// Each answer in turn; <paramref name="fetchFrom"/> asks for the batch that starts at the given skip. Stops at
    /// the total the latest answer gives, or at an empty answer (the list shrank meanwhile).
    /// </summary>
    public static async IAsyncEnumerable<Listing<T>> ReadAsync<T>(Func<int, Task<Listing<T>>> fetchFrom, int first)
    {
        var read = 0;
        Listing<T> listing;
        do
        {
            listing = await fetchFrom(first + read);
            read += listing.Items.Count;
            yield return listing;
        }
        while (listing.Items.Count > 0 && first + read < listing.Total);
    }
}
