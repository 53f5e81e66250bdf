using Ingestion.Pages;
using Ingestion.Storage;

namespace Ingestion.Fetching;

/// <summary>How one attempt at a page ended.</summary>
public sealed record FetchAttempt
{
    public StoredBlob? Stored { get; init; }

    /// <summary>
    /// For a stored page, its record as its blob's metadata and properties carry it: what the job reports, and what a
    /// listing of the job's blobs would read back.
    /// </summary>
    public PageRecord? Record { get; init; }

    public int? HttpStatus { get; init; }

    public string? ContentType { get; init; }

    public string? Error { get; init; }

    /// <summary>What kind of failure this was, for an attempt that failed.</summary>
    public PageFailureKind? FailureKind { get; init; }

    /// <summary>Whether another attempt could succeed.</summary>
    public bool Retryable { get; init; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The upstream answered but storage failed: such an attempt does not count against the page's budget.</summary>
    public bool StorageFailure { get; init; }

    /// <summary>What the response told the job, when the request asked for an inspection.</summary>
    public PageFindings? Findings { get; init; }

    public bool Succeeded => Stored is not null;

    /// <summary>The server answered 304 to a conditional request: the page is as the baseline stored it, and nothing was uploaded.</summary>
    public bool Unchanged { get; init; }

    /// <summary>The page is past the end of an open range: nothing was stored, and nothing failed.</summary>
    public bool PastEnd => Findings?.PastEnd == true;

    public static FetchAttempt BeyondEnd(PageFindings findings, int httpStatus) =>
        new() { Findings = findings, HttpStatus = httpStatus };

    public static FetchAttempt NotModified(int httpStatus) => new() { Unchanged = true, HttpStatus = httpStatus };

    public static FetchAttempt Success(StoredBlob stored, PageRecord record, PageFindings? findings) =>
        new() { Stored = stored, Record = record, HttpStatus = record.HttpStatus, ContentType = record.ContentType, Findings = findings };

    public static FetchAttempt Failure(
        PageFailureKind kind, string error, bool retryable, int? httpStatus = null, TimeSpan? retryAfter = null) =>
        new()
        {
            FailureKind = kind,
            Error = error,
            Retryable = retryable,
            HttpStatus = httpStatus,
            RetryAfter = retryAfter,
            StorageFailure = kind == PageFailureKind.Storage,
        };
}
