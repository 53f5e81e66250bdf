using Ingestion.Jobs;

namespace Ingestion.ApiTests;

/// <summary>Jobs as the grain would answer them, without a cluster: a range of ten pages, so many of them stored.</summary>
internal static class TestJobs
{
    public static JobView View(JobStatus status, int succeeded)
    {
        var destination = new DestinationSpec("ingest", "tests");
        return new JobView
        {
            Id = Guid.Parse("01900000-0000-7000-8000-000000000001"),
            Status = status,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Destination = destination,
            ManifestBlob = destination.ManifestBlobName,
            Pages = new PageCounts(10, succeeded, 0, 0, 0, 10 - succeeded),
            Spec = new JobSpec { Source = SourceSpec.Range("https://api.example.com/items?page={page}", 1, 10), Destination = destination },
        };
    }
}
