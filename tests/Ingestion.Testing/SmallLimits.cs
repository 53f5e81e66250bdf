namespace Ingestion.Testing;

/// <summary>
/// Size limits small enough that small test bodies reach every storage path: pages staged in several blocks, and
/// responses over the limit. Set by <see cref="IngestionTestClusterBuilder.WithSmallLimits"/>.
/// </summary>
public static class SmallLimits
{
    /// <summary>The block a page is uploaded in (<c>Ingestion:Fetch:BlockSizeBytes</c>).</summary>
    public const int BlockSizeBytes = 64 * 1024;

    /// <summary>The largest response a page may have (<c>Ingestion:Fetch:MaxResponseBytes</c>).</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>The silo settings of the limits above.</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Ingestion:Fetch:BlockSizeBytes", BlockSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ingestion:Fetch:MaxResponseBytes", MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
