using System.Collections.Immutable;
using System.Net;
using Ingestion.Grains.Cluster;
using Orleans.Runtime;

namespace Ingestion.UnitTests.Cluster;

public sealed class SiloDeathsTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private static readonly SiloAddress C = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11113), 1);

    [Fact]
    public void A_silo_that_turns_dead_is_a_death()
    {
        var before = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        var after = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Dead), (C, SiloStatus.Active));

        Assert.Equal([B], SiloDeaths.Between(before, after));
    }

    [Fact]
    public void A_silo_dead_before_is_not_a_death_again()
    {
        var before = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Dead));
        var after = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Dead), (C, SiloStatus.Joining));

        Assert.Empty(SiloDeaths.Between(before, after));
    }

    [Fact]
    public void A_silo_stopping_gracefully_is_a_death_once_it_is_dead()
    {
        var active = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active));
        var stopping = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.ShuttingDown));
        var dead = Snapshot(3, (A, SiloStatus.Active), (B, SiloStatus.Dead));

        Assert.Empty(SiloDeaths.Between(active, stopping));
        Assert.Equal([B], SiloDeaths.Between(stopping, dead));
    }

    [Fact]
    public void Silos_first_seen_dead_are_deaths()
    {
        var after = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Dead));

        Assert.Equal([B], SiloDeaths.Between(null, after));
    }

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(member => member.Silo, member => new ClusterMember(member.Silo, member.Status, member.Silo.ToString())),
            new MembershipVersion(version));
}
