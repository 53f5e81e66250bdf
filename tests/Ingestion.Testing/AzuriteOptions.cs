namespace Ingestion.Testing;

/// <summary>How an <see cref="AzuriteInstance"/> runs.</summary>
public sealed record AzuriteOptions
{
    /// <summary>
    /// Keep data in a temporary <c>--location</c> directory (deleted on dispose) instead of
    /// <c>--inMemoryPersistence</c>, so blobs and tables survive <see cref="AzuriteInstance.StopAsync"/> and
    /// <see cref="AzuriteInstance.StartAsync"/>.
    /// </summary>
    public bool PersistToDisk { get; init; }

    /// <summary>
    /// Node's limit on Azurite's heap (<c>--max-old-space-size</c>), in MiB; node's own default when null. In memory,
    /// Azurite keeps every blob's metadata on that heap, which a million blobs may take beyond the default (about 4 GiB).
    /// </summary>
    public int? MaxHeapMegabytes { get; init; }

    /// <summary>
    /// A MySQL or MariaDB database where Azurite keeps blob metadata (its <c>AZURITE_DB</c>, e.g.
    /// <c>mysql://user:password@127.0.0.1:3306/azurite</c>) instead of on node's heap, whose in-memory index slows every
    /// write down past a few hundred thousand blobs. Azurite then keeps blob data on disk, in a temporary
    /// <c>--location</c> directory, as with <see cref="PersistToDisk"/>.
    /// </summary>
    public string? BlobMetadataDatabase { get; init; }

    /// <summary>How long a start may take before it fails with Azurite's output.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The checkout whose <c>node_modules/azurite</c> is run; found from the test's output directory when null.
    /// </summary>
    public string? RepositoryRoot { get; init; }
}
