using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.UnitTests.PageRecords;

public sealed class PageBlobMetadataTests
{
    [Fact]
    public void A_stored_pages_record_comes_back_from_its_blobs_metadata_and_properties()
    {
        var metadata = PageBlobMetadata.Of(SamplePages.JobId, SamplePages.Stored);

        Assert.True(PageBlobMetadata.TryReadPage(metadata, SamplePages.JobId, out var page));
        Assert.Equal(SamplePages.Stored, ReadBack(metadata, page));
    }

    [Fact]
    public void The_metadata_keeps_the_keys_and_formats_stored_blobs_already_carry()
    {
        var metadata = PageBlobMetadata.Of(SamplePages.JobId, SamplePages.Stored);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["page"] = "7",
                ["job_id"] = "5f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
                ["attempts"] = "2",
                ["fetched_at"] = "2026-01-02T03:04:05.6780000+02:00",
                ["http_status"] = "200",
                ["source_url"] = "https://api.example.com/items?page=7",
                ["reached_from"] = "6",
                ["sha256"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            },
            metadata);
    }

    [Fact]
    public void A_url_too_long_for_the_metadata_is_left_out_and_the_known_one_stands_in()
    {
        var longUrl = "https://api.example.com/items?q=" + new string('x', 5000);

        var metadata = PageBlobMetadata.Of(SamplePages.JobId, SamplePages.Stored with { Url = longUrl });

        Assert.DoesNotContain(BlobMetadataKeys.SourceUrl, metadata.Keys);
        Assert.Equal("https://known.example.com/7", ReadBack(metadata, 7, urlIfUnrecorded: "https://known.example.com/7").Url);
    }

    [Fact]
    public void A_blob_that_another_job_stored_is_not_one_of_the_jobs_pages()
    {
        var metadata = PageBlobMetadata.Of(Guid.NewGuid(), SamplePages.Stored);

        Assert.False(PageBlobMetadata.TryReadPage(metadata, SamplePages.JobId, out _));
        Assert.False(PageBlobMetadata.IsPage(metadata, SamplePages.JobId, 7));
        Assert.True(PageBlobMetadata.NamesJobOtherThan(metadata, SamplePages.JobId));
    }

    [Fact]
    public void A_blob_without_page_metadata_is_no_page_and_names_no_job()
    {
        var metadata = new Dictionary<string, string> { ["job_id"] = "not a job id" };

        Assert.False(PageBlobMetadata.TryReadPage(metadata, SamplePages.JobId, out _));
        Assert.Null(PageBlobMetadata.JobIdOf(metadata));
        // Still another job's blob to a prefix's owner: it is not the owner's.
        Assert.True(PageBlobMetadata.NamesJobOtherThan(metadata, SamplePages.JobId));
    }

    [Fact]
    public void The_sha256_known_after_the_upload_joins_the_metadata_before_the_commit()
    {
        var metadata = PageBlobMetadata.Of(SamplePages.JobId, SamplePages.Stored with { Sha256 = null });

        PageBlobMetadata.SetSha256(metadata, "abc123");

        Assert.Equal("abc123", ReadBack(metadata, 7).Sha256);
    }

    /// <summary>Reads the record back as the scanner does, from the metadata and the properties the sample's blob has.</summary>
    private static PageRecord ReadBack(IDictionary<string, string> metadata, int page, string urlIfUnrecorded = "") =>
        PageBlobMetadata.ReadRecord(
            metadata, page, SamplePages.Stored.Blob!, SamplePages.Stored.Bytes, SamplePages.Stored.ContentType, urlIfUnrecorded);
}
