using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A list of URLs kept in a blob, one a line: its length is counted when the job starts, its URLs read as a stream as
/// pages are handed out (by the caller, who can read storage). A line that is no URL fails its page at once.
/// </summary>
internal sealed class UrlListBlobPlan(SourceSpec source) : PageSetPlan(source)
{
    public override string? TakeUrl(int page) => null;

    public override bool ReadsUrlList => true;

    public override string? ProblemWithUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? null
            : "This line of the URL list is not an absolute http or https URL.";
}
