using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// The Azurite storage emulator, run from the repository's node_modules (there is no container runtime to rely on).
/// </summary>
public sealed class AzuriteResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory)
{
    public const string BlobEndpointName = "blob";
    public const string QueueEndpointName = "queue";
    public const string TableEndpointName = "table";

    /// <summary>The well-known development account that every Azurite instance accepts.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public EndpointReference BlobEndpoint => new(this, BlobEndpointName);

    public EndpointReference QueueEndpoint => new(this, QueueEndpointName);

    public EndpointReference TableEndpoint => new(this, TableEndpointName);
}
