using Ingestion.Storage;
using static Ingestion.Pages.PageStatus;

namespace Ingestion.UnitTests.Storage;

/// <summary>An index that cannot be what its writer wrote is never used: each way of being wrong is found.</summary>
public sealed class ManifestIndexFlawTests
{
    // Seven entries, a checkpoint every three: entries 0, 3 and 6.
    private static readonly ManifestIndex Sound = InMemoryManifest.Write(
        InMemoryManifest.Entries([Succeeded, Failed, Succeeded, Succeeded, Failed, Unchanged, Succeeded]), entriesPerCheckpoint: 3).Index;

    public static TheoryData<string, ManifestIndex> Damaged { get; } = new()
    {
        { "another format", Sound with { Format = ManifestIndex.CurrentFormat + 1 } },
        { "no entries per checkpoint", Sound with { EntriesPerCheckpoint = 0 } },
        { "a checkpoint missing", Sound with { Offsets = Sound.Offsets.Take(2).ToList(), Pages = Sound.Pages.Take(2).ToList() } },
        { "a page missing", Sound with { Pages = Sound.Pages.Take(2).ToList() } },
        { "offsets out of order", Sound with { Offsets = [Sound.Offsets[0], Sound.Offsets[2], Sound.Offsets[1]] } },
        { "more entries than counted", Sound with { Entries = 8 } },
        { "a column too short", Sound with { Statuses = [Sound.Statuses[0] with { Before = [0, 2] }, .. Sound.Statuses.Skip(1)] } },
        { "counts that do not add up", Sound with { Statuses = [Sound.Statuses[0] with { Before = [0, 1, 3] }, .. Sound.Statuses.Skip(1)] } },
        { "a count that falls", Sound with { Statuses = [Sound.Statuses[0] with { Total = 2 }, .. Sound.Statuses.Skip(1)] } },
        { "a status twice", Sound with { Statuses = [.. Sound.Statuses, Sound.Statuses[0]] } },
    };

    [Fact]
    public void An_index_as_recorded_has_no_flaw() =>
        Assert.Null(Sound.FindFlaw());

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_index_has_a_flaw(string damage, ManifestIndex index) =>
        Assert.True(index.FindFlaw() is not null, damage);
}
