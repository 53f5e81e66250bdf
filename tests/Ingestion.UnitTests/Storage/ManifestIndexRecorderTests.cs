using Ingestion.Pages;
using Ingestion.Storage;
using static Ingestion.Pages.PageStatus;

namespace Ingestion.UnitTests.Storage;

public sealed class ManifestIndexRecorderTests
{
    [Fact]
    public void Every_kth_entry_is_a_checkpoint_with_its_offset_its_page_and_the_counts_before_it()
    {
        var recorder = new ManifestIndexRecorder(entriesPerCheckpoint: 3);
        PageStatus[] statuses = [Succeeded, Failed, Succeeded, Succeeded, Unchanged, Failed, Succeeded, Cancelled];
        for (var entry = 0; entry < statuses.Length; entry++)
        {
            recorder.Add(new PageRecord { Page = 101 + entry, Url = "", Status = statuses[entry] }, offset: 50 + (10 * entry));
        }

        var index = recorder.ToIndex(InMemoryManifest.JobId, InMemoryManifest.ETag);

        Assert.Equal(8, index.Entries);
        Assert.Equal([50L, 80L, 110L], index.Offsets);
        Assert.Equal([101, 104, 107], index.Pages);
        Assert.Equal([Succeeded, Failed, Cancelled, Unchanged], index.Statuses.Select(column => column.Status));
        Assert.Equal([0, 2, 3], ColumnOf(index, Succeeded).Before);
        Assert.Equal([0, 1, 2], ColumnOf(index, Failed).Before);
        Assert.Equal([0, 0, 1], ColumnOf(index, Unchanged).Before);
        Assert.Equal([0, 0, 0], ColumnOf(index, Cancelled).Before);
        Assert.Equal([4, 2, 1, 1], index.Statuses.Select(column => column.Total));
        Assert.Null(index.FindFlaw());
    }

    [Fact]
    public void The_index_names_the_job_and_the_manifest_s_etag()
    {
        var index = new ManifestIndexRecorder().ToIndex(InMemoryManifest.JobId, InMemoryManifest.ETag);

        Assert.Equal(InMemoryManifest.JobId, index.JobId);
        Assert.Equal("\"0x8DC0000000000A1\"", index.ManifestETag);
        Assert.Equal(ManifestIndex.CurrentFormat, index.Format);
        Assert.Equal(ManifestIndex.DefaultEntriesPerCheckpoint, index.EntriesPerCheckpoint);
    }

    [Fact]
    public void An_empty_manifest_has_no_checkpoints_and_nothing_to_count()
    {
        var index = new ManifestIndexRecorder(entriesPerCheckpoint: 3).ToIndex(InMemoryManifest.JobId, InMemoryManifest.ETag);

        Assert.Equal(0, index.Entries);
        Assert.Empty(index.Offsets);
        Assert.Empty(index.Statuses);
        Assert.Equal(0, index.TotalOf(null));
        Assert.Equal(0, index.TotalOf(Failed));
        Assert.Null(index.FindFlaw());
    }

    [Fact]
    public void A_checkpoint_s_offset_is_where_its_entry_begins_in_the_written_manifest()
    {
        var entries = InMemoryManifest.Entries(Enumerable.Range(0, 10).Select(entry => entry % 4 == 0 ? Failed : Succeeded));

        var (manifest, index) = InMemoryManifest.Write(entries, entriesPerCheckpoint: 3);

        // The first entry's offset is the entry itself; each later one's is the separator just before it.
        Assert.Equal((byte)'{', manifest[index.Offsets[0]]);
        Assert.Equal("[", System.Text.Encoding.UTF8.GetString(manifest, (int)index.Offsets[0] - 1, 1));
        Assert.All(index.Offsets.Skip(1), offset => Assert.Equal("},{", System.Text.Encoding.UTF8.GetString(manifest, (int)offset - 1, 3)));
    }

    [Fact]
    public void Entries_are_recorded_in_the_order_they_are_written()
    {
        var recorder = new ManifestIndexRecorder(entriesPerCheckpoint: 3);
        recorder.Add(new PageRecord { Page = 1, Url = "", Status = Succeeded }, offset: 100);

        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.Add(new PageRecord { Page = 2, Url = "", Status = Succeeded }, offset: 100));
    }

    [Fact]
    public void A_checkpoint_needs_at_least_one_entry_between_it_and_the_next() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManifestIndexRecorder(entriesPerCheckpoint: 0));

    private static ManifestStatusCounts ColumnOf(ManifestIndex index, PageStatus status) =>
        index.Statuses.Single(column => column.Status == status);
}
