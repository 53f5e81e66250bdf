using System.Text;
using System.Text.Json;
using Ingestion.Pages;
using Ingestion.Storage;
using static Ingestion.Pages.PageStatus;

namespace Ingestion.UnitTests.Storage;

/// <summary>The parser's mode for a stretch of a manifest's page list that starts at an entry, not at the document's start.</summary>
public sealed class ManifestStretchParserTests
{
    private static readonly List<PageRecord> Entries = InMemoryManifest.Entries(
        Enumerable.Range(0, 9).Select(entry => entry % 3 == 1 ? Failed : Succeeded));

    private static readonly (byte[] Manifest, ManifestIndex Index) Written = InMemoryManifest.Write(Entries, entriesPerCheckpoint: 2);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_stretch_from_a_checkpoint_to_the_end_holds_every_entry_from_there(int checkpoint)
    {
        var read = InMemoryManifest.ReadStretch(Written.Manifest, new ManifestStretch(Written.Index.Offsets[checkpoint], null, 0, 0));

        Assert.Equal(Entries.Skip(checkpoint * 2), read);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    public void A_stretch_between_two_checkpoints_holds_the_entries_between_them(int from, int to)
    {
        var stretch = new ManifestStretch(Written.Index.Offsets[from], Written.Index.Offsets[to], 0, 0);

        Assert.Equal(Entries.Skip(from * 2).Take((to - from) * 2), InMemoryManifest.ReadStretch(Written.Manifest, stretch, chunkBytes: 1));
    }

    [Fact]
    public void Entries_larger_than_a_read_are_put_together_across_reads()
    {
        var stretch = new ManifestStretch(Written.Index.Offsets[1], null, 0, 0);

        Assert.Equal(
            InMemoryManifest.ReadStretch(Written.Manifest, stretch, chunkBytes: 1),
            InMemoryManifest.ReadStretch(Written.Manifest, stretch, chunkBytes: Written.Manifest.Length));
    }

    [Theory]
    [InlineData("{\"page\":1,\"url\":\"u\",\"status\":\"Succeeded\"} ,\n {\"page\":2,\"url\":\"u\",\"status\":\"Failed\"}", 2)]
    [InlineData(",{\"page\":1,\"url\":\"u\",\"status\":\"Succeeded\"}]}", 1)]
    public void Whitespace_between_entries_and_the_end_of_the_list_are_understood(string stretch, int entries) =>
        Assert.Equal(entries, InMemoryManifest.Read(Encoding.UTF8.GetBytes(stretch)).Count);

    [Theory]
    [InlineData("\"url\":\"u\",\"status\":\"Succeeded\"},{\"page\":2,\"url\":\"u\",\"status\":\"Failed\"}")]
    [InlineData("{\"page\":1,\"url\":\"u\",\"status\":\"Succeeded\"},,{\"page\":2,\"url\":\"u\",\"status\":\"Failed\"}")]
    [InlineData("{\"page\":1,\"url\":\"u\",\"status\":\"Succeeded\"}{\"page\":2,\"url\":\"u\",\"status\":\"Failed\"}")]
    [InlineData("{\"page\":1,\"url\":\"u\",\"status\":\"Succeeded\"},")]
    [InlineData("{\"page\":1,\"url\":\"u\",\"status\":\"Succ")]
    [InlineData("]")]
    public void A_stretch_that_does_not_start_and_end_between_entries_is_an_error(string stretch) =>
        Assert.ThrowsAny<JsonException>(() => InMemoryManifest.Read(Encoding.UTF8.GetBytes(stretch)));

    [Fact]
    public void A_stretch_read_from_inside_an_entry_is_an_error()
    {
        var stretch = new ManifestStretch(Written.Index.Offsets[1] + 5, null, 0, 0);

        Assert.ThrowsAny<JsonException>(() => InMemoryManifest.ReadStretch(Written.Manifest, stretch));
    }
}
