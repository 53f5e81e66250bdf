namespace Ingestion.Fetching;

/// <summary>
/// Response headers kept with a stored page, in its blob's metadata: the validators the next run's conditional request
/// is made from, and a pipeline's watermark header.
/// </summary>
public static class KeptHeaders
{
    // Blob metadata takes printable ASCII only, and 8 KiB in all.
    private const int MaxLength = 512;

    /// <summary>The header's value as the server sent it (on the response or its content), when metadata can keep it; null otherwise.</summary>
    public static string? ValueOf(HttpResponseMessage response, string name)
    {
        if (!response.Headers.NonValidated.TryGetValues(name, out var values)
            && !response.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            return null;
        }

        var value = values.ToString().Trim();
        return value.Length is > 0 and <= MaxLength && value.All(c => c is >= ' ' and <= '~') ? value : null;
    }
}
