using Ingestion.Jobs;
using Ingestion.Storage;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// Where a job writes: its prefix with the placeholders filled in, its container made sure of, and the prefix taken
/// from whoever else might want it (<see cref="PrefixOwnership"/>).
/// </summary>
public sealed class JobDestinations(BlobContainers containers, PrefixOwnership prefixes)
{
    public async Task<PrefixClaim> TakeAsync(Guid jobId, JobSpec spec, DateTimeOffset createdAt, Func<Guid, Task<OwnerStanding>> standingOf)
    {
        var wanted = spec.Destination with { Prefix = PrefixTemplate.Expand(spec.Destination.Prefix, jobId, createdAt) };
        await containers.EnsureExistsAsync(wanted.Container, CancellationToken.None);
        return await prefixes.ClaimAsync(jobId, spec.Name, wanted, standingOf, CancellationToken.None);
    }

    public Task ReleaseAsync(Guid jobId, DestinationSpec destination) => prefixes.ReleaseAsync(jobId, destination, CancellationToken.None);

    /// <summary>Whether the job still owns its prefix (a prefix written before prefixes had owners counts as the job's).</summary>
    public async Task<bool> IsOwnedByAsync(Guid jobId, DestinationSpec destination) =>
        await prefixes.OwnerOfAsync(destination, CancellationToken.None) is not { } owner || owner.JobId == jobId;
}
