using Azure.Storage.Blobs;
using Orleans.TestingHost;

namespace Ingestion.Testing;

/// <summary>
/// A running in-process Orleans cluster with the ingestion grains and the Azurite that holds its job state, pages and
/// reminders; built by <see cref="IngestionTestClusterBuilder"/>. Disposing it stops the cluster, then Azurite.
/// </summary>
public sealed class IngestionTestCluster : IAsyncDisposable
{
    internal IngestionTestCluster(AzuriteInstance azurite, InProcessTestCluster cluster)
    {
        Azurite = azurite;
        Cluster = cluster;
        Blobs = azurite.CreateBlobServiceClient();
    }

    /// <summary>The storage; a test may stop and start it to take storage away from the silos.</summary>
    public AzuriteInstance Azurite { get; }

    /// <summary>The silos, to kill, stop, restart or look into.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The cluster's client, as the API has one.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// The blob account the silos write pages and job state to, through a plain client: what a test reads back is not
    /// shaped by a pipeline policy given to the silos.
    /// </summary>
    public BlobServiceClient Blobs { get; }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.DisposeAsync();
        }
        finally
        {
            await Azurite.DisposeAsync();
        }
    }
}
