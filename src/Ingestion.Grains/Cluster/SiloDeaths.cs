using Orleans.Runtime;

namespace Ingestion.Grains.Cluster;

/// <summary>Which silos a membership snapshot declares dead that the one before did not.</summary>
public static class SiloDeaths
{
    public static IReadOnlyList<SiloAddress> Between(ClusterMembershipSnapshot? previous, ClusterMembershipSnapshot current) =>
        [.. current.Members.Values
            .Where(member => member.Status == SiloStatus.Dead
                && (previous is null || previous.GetSiloStatus(member.SiloAddress) != SiloStatus.Dead))
            .Select(member => member.SiloAddress)];
}
