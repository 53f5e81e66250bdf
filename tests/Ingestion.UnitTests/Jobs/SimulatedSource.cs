using Ingestion.Grains.Jobs;
using Ingestion.Jobs;
using Ingestion.Pages;

namespace Ingestion.UnitTests.Jobs;

/// <summary>
/// A source as a job run meets it, without a network: each kind of source with a given number of pages, whose pages
/// succeed or fail as the test says, and whose responses tell what that kind's responses tell (the next link, the total,
/// the end).
/// </summary>
internal sealed record SimulatedSource(string Kind, int Pages)
{
    public const string Base = "https://api.example.com";

    public static readonly string[] Kinds = ["fixed range", "open range", "stated total", "inline list", "list in a blob", "follow"];

    public SourceSpec Spec => Kind switch
    {
        "fixed range" => SourceSpec.Range(Base + "/items?page={page}", 1, Math.Max(1, Pages)),
        "open range" => SourceSpec.Range(Base + "/items?page={page}", 1, to: null) with { AllowEmpty = true },
        "stated total" => SourceSpec.Range(Base + "/items?page={page}", 1, to: null)
            with { Total = new TotalSpec { Counts = TotalCounts.Pages, Header = "X-Total-Pages" }, AllowEmpty = true },
        "inline list" => SourceSpec.List(Enumerable.Range(1, Math.Max(1, Pages)).Select(UrlOf)),
        "list in a blob" => SourceSpec.ListInBlob("lists", "urls.txt") with { AllowEmpty = true },
        "follow" => SourceSpec.Follow(UrlOf(1), new NextSpec { LinkHeader = true }) with { AllowEmpty = true },
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    /// <summary>How many pages the source really has (a list or range given inline has at least one).</summary>
    public int RealPages => Kind is "fixed range" or "inline list" ? Math.Max(1, Pages) : Pages;

    /// <summary>
    /// How many pages a job of this source has once it ends, when <paramref name="fails"/> says which fail: a chain
    /// ends at its first failure, and a first page that fails to state the total is all the job knows of.
    /// </summary>
    public int ExpectedTotal(Func<int, bool> fails) => Kind switch
    {
        "follow" when RealPages > 0 => Enumerable.Range(1, RealPages).FirstOrDefault(fails) is var broken and > 0 ? broken : RealPages,
        "stated total" when fails(1) => 1,
        _ => RealPages,
    };

    /// <summary>The state of a job of this source as it starts (a URL list counted, as the grain does).</summary>
    public JobState NewJob(int concurrency, int maxPages = 100_000, FailureSpec? failure = null)
    {
        var spec = new JobSpec
        {
            Source = Spec,
            Concurrency = concurrency,
            MaxPages = maxPages,
            Failure = failure ?? new FailureSpec { FailFast = false },
            Destination = new DestinationSpec("ingest", "tests/run"),
        };
        var knownEnd = Kind == "list in a blob" ? Math.Min(Pages, maxPages) : spec.Source.KnownPageCount;
        return new JobState { Spec = spec, Status = JobStatus.Running, KnownEnd = knownEnd, EndFound = knownEnd is not null };
    }

    public static string UrlOf(int page) => $"{Base}/items?page={page}";

    /// <summary>
    /// What the response to a page's request says: past the end for a page beyond the source, else the findings its
    /// inspection asks for.
    /// </summary>
    public PageFindings? FindingsFor(PageFetchRequest request)
    {
        if (request.Inspect is not { } inspect)
        {
            return null;
        }

        if (inspect.MayBePastEnd && request.Page > RealPages)
        {
            return new PageFindings { Page = request.Page, PastEnd = true, PastEndBecause = "HTTP 404" };
        }

        return new PageFindings
        {
            Page = request.Page,
            NextUrl = inspect.Next is not null && request.Page < RealPages ? UrlOf(request.Page + 1) : null,
            Total = inspect.Total is not null ? RealPages : null,
        };
    }

    /// <summary>The page's end: past the end of the source, failed (when <paramref name="fails"/>), or stored.</summary>
    public static PageRecord Ended(PageFetchRequest request, PageFindings? findings, bool fails) => (findings, fails) switch
    {
        ({ PastEnd: true }, _) => new PageRecord { Page = request.Page, Url = request.Url, Status = PageStatus.PastEnd },
        (_, true) => new PageRecord
        {
            Page = request.Page, Url = request.Url, Status = PageStatus.Failed, HttpStatus = 500, FailureKind = PageFailureKind.Http,
            Error = "HTTP 500", Attempts = 1,
        },
        _ => new PageRecord
        {
            Page = request.Page, Url = request.Url, Status = PageStatus.Succeeded, HttpStatus = 200, Bytes = 100,
            Blob = $"tests/run/pages/{request.Page:D6}.json", Attempts = 1,
        },
    };
}
