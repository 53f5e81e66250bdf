namespace Ingestion.Pages;

[GenerateSerializer, Alias("Ingestion.PageStatus")]
public enum PageStatus
{
    /// <summary>Not dispatched yet.</summary>
    Pending = 0,

    /// <summary>A fetch is under way.</summary>
    InFlight = 1,

    /// <summary>The last attempt failed and another is scheduled.</summary>
    WaitingRetry = 2,

    /// <summary>Stored as a blob.</summary>
    Succeeded = 3,

    /// <summary>Failed for good.</summary>
    Failed = 4,

    /// <summary>Not stored because the job was cancelled or stopped first.</summary>
    Cancelled = 5,

    /// <summary>Past the end of an open range (empty, or 404): not stored, not counted, not listed.</summary>
    PastEnd = 6,

    /// <summary>
    /// The server answered 304 to a conditional request made from the previous run's validators: nothing was uploaded,
    /// and the page's record points at the blob that already holds its content.
    /// </summary>
    Unchanged = 7,
}
