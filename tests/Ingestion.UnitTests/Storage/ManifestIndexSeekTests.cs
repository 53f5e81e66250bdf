using CsCheck;
using Ingestion.Pages;
using Ingestion.Storage;
using static Ingestion.Pages.PageStatus;

namespace Ingestion.UnitTests.Storage;

public sealed class ManifestIndexSeekTests
{
    // 25 entries, a checkpoint every 10 (entries 0, 10, 20). Failed: entries 3 to 5 and 21; none in 6..20.
    private static readonly List<PageRecord> Entries = InMemoryManifest.Entries(
        Enumerable.Range(0, 25).Select(entry => entry is (>= 3 and <= 5) or 21 ? Failed : Succeeded));

    private static readonly (byte[] Manifest, ManifestIndex Index) Written = InMemoryManifest.Write(Entries, entriesPerCheckpoint: 10);

    private static ManifestIndex Index => Written.Index;

    [Fact]
    public void Without_a_status_the_stretch_starts_at_checkpoint_skip_over_k_and_ends_at_the_first_past_the_slice()
    {
        var seek = ManifestIndexSeek.Of(Index, null, skip: 13, take: 5);

        Assert.Equal(25, seek.Total);
        Assert.Equal(new ManifestStretch(Index.Offsets[1], Index.Offsets[2], FirstPage: 11, Skip: 3), seek.Stretch);
    }

    [Fact]
    public void A_slice_ending_on_a_checkpoint_stops_there()
    {
        var seek = ManifestIndexSeek.Of(Index, null, skip: 10, take: 10);

        Assert.Equal(new ManifestStretch(Index.Offsets[1], Index.Offsets[2], FirstPage: 11, Skip: 0), seek.Stretch);
    }

    [Fact]
    public void A_slice_reaching_past_the_last_checkpoint_reads_to_the_end_of_the_manifest()
    {
        var seek = ManifestIndexSeek.Of(Index, null, skip: 19, take: 100);

        Assert.Equal(new ManifestStretch(Index.Offsets[1], null, FirstPage: 11, Skip: 9), seek.Stretch);
    }

    [Fact]
    public void With_a_status_the_stretch_starts_at_the_last_checkpoint_with_no_more_matches_before_it_than_the_skip()
    {
        // Three failed pages before checkpoint 1 and still three before checkpoint 2: the fourth lies after checkpoint 2.
        var seek = ManifestIndexSeek.Of(Index, Failed, skip: 3, take: 1);

        Assert.Equal(4, seek.Total);
        Assert.Equal(new ManifestStretch(Index.Offsets[2], null, FirstPage: 21, Skip: 0), seek.Stretch);
    }

    [Fact]
    public void With_a_status_the_stretch_ends_at_the_first_checkpoint_with_the_whole_slice_before_it()
    {
        var seek = ManifestIndexSeek.Of(Index, Failed, skip: 1, take: 2);

        Assert.Equal(new ManifestStretch(Index.Offsets[0], Index.Offsets[1], FirstPage: 1, Skip: 1), seek.Stretch);
    }

    [Theory]
    [InlineData(null, 25)]
    [InlineData(null, 1_000)]
    [InlineData(Failed, 4)]
    [InlineData(Cancelled, 0)]
    public void A_slice_starting_at_or_past_the_last_match_reads_nothing_and_still_counts_them_all(PageStatus? status, int skip)
    {
        var seek = ManifestIndexSeek.Of(Index, status, skip, take: 10);

        Assert.Equal(Index.TotalOf(status), seek.Total);
        Assert.Null(seek.Stretch);
    }

    [Fact]
    public void Taking_nothing_reads_nothing() =>
        Assert.Null(ManifestIndexSeek.Of(Index, null, skip: 0, take: 0).Stretch);

    /// <summary>
    /// Manifests of random statuses and checkpoint spacings, read through the index from the stretch it picks, for
    /// random slices in every status: always exactly the slice a read of every entry gives.
    /// </summary>
    [Fact]
    public void A_stretch_read_from_where_the_index_says_holds_the_slice_a_full_scan_finds()
    {
        PageStatus[] statuses = [Succeeded, Failed, Cancelled, Unchanged];
        var cases = Gen.Select(Gen.Int[0, 3].Array[0, 60], Gen.Int[1, 12], Gen.Int[0, 70], Gen.Int[1, 20], Gen.Int[0, 4]);
        cases.Sample(sample =>
        {
            var (written, entriesPerCheckpoint, skip, take, statusChoice) = sample;
            var entries = InMemoryManifest.Entries(written.Select(choice => statuses[choice]));
            var (manifest, index) = InMemoryManifest.Write(entries, entriesPerCheckpoint);
            PageStatus? status = statusChoice == 0 ? null : statuses[statusChoice - 1];
            var matching = entries.Where(entry => status is null || entry.Status == status).ToList();

            var seek = ManifestIndexSeek.Of(index, status, skip, take);
            var read = seek.Stretch is { } stretch
                ? InMemoryManifest.ReadStretch(manifest, stretch).Where(entry => status is null || entry.Status == status).Skip(stretch.Skip).Take(take).ToList()
                : [];

            Assert.Equal(matching.Count, seek.Total);
            Assert.Equal(matching.Skip(skip).Take(take), read);
            Assert.True(seek.Stretch is null || seek.Stretch.FirstPage == InMemoryManifest.ReadStretch(manifest, seek.Stretch)[0].Page);
        }, iter: 3_000);
    }
}
