using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// The storage the services use, whichever way it is provided.
/// </summary>
/// <param name="Blobs">Grain state (connection string <c>blobs</c>).</param>
/// <param name="Tables">Clustering and reminders (connection string <c>tables</c>).</param>
/// <param name="Emulator">The local emulator the services must wait for; none when the storage is not run by the AppHost.</param>
public sealed record IngestionStorage(
    IResourceBuilder<IResourceWithConnectionString> Blobs,
    IResourceBuilder<IResourceWithConnectionString> Tables,
    IResourceBuilder<IResource>? Emulator);
