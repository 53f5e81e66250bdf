using Ingestion.Pages;

namespace Ingestion.PageRecords;

/// <summary>The record of a page a conditional request found unchanged: the baseline's record of its content, for this page.</summary>
public static class UnchangedPageRecord
{
    /// <summary>
    /// <paramref name="previous"/> (the baseline's entry, whose blob holds the content) as page <paramref name="page"/>
    /// at <paramref name="url"/>: its blob, size, SHA-256, Content-Type, validators and the time that content was
    /// fetched stay; how the baseline's attempts went does not.
    /// </summary>
    public static PageRecord Of(PageRecord previous, int page, string url) => previous with
    {
        Page = page,
        Url = url,
        Status = PageStatus.Unchanged,
        HttpStatus = 304,
        Attempts = 1,
        Error = null,
        FailureKind = null,
        RetryAt = null,
        DurationMs = null,
        ReachedFrom = null,
    };
}
