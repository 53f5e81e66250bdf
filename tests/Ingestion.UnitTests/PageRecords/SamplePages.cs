using Ingestion.Pages;

namespace Ingestion.UnitTests.PageRecords;

/// <summary>Page records with every field their encodings carry set, for the round-trip tests.</summary>
internal static class SamplePages
{
    public static readonly Guid JobId = Guid.Parse("5f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f");

    /// <summary>A stored page as its blob records it: everything but the duration, which the blob does not keep.</summary>
    public static PageRecord Stored { get; } = new()
    {
        Page = 7,
        Url = "https://api.example.com/items?page=7",
        Status = PageStatus.Succeeded,
        HttpStatus = 200,
        Attempts = 2,
        Blob = "example/items/pages/000007.json",
        Bytes = 1234,
        Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ContentType = "application/json; charset=utf-8",
        FetchedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
        ReachedFrom = 6,
    };

    /// <summary>A page that failed for good, as the journal and the manifest record it.</summary>
    public static PageRecord Failed { get; } = new()
    {
        Page = 12,
        Url = "https://api.example.com/items?page=12",
        Status = PageStatus.Failed,
        HttpStatus = 503,
        Attempts = 3,
        Error = "HTTP 503 Service Unavailable",
        FetchedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        RetryAt = new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.Zero),
        DurationMs = 12.5,
        ReachedFrom = 11,
        FailureKind = PageFailureKind.Http,
    };

    /// <summary>Both, with every field of a record set between them.</summary>
    public static TheoryData<PageRecord> All => [Stored with { DurationMs = 40.2 }, Failed];
}
