namespace Ingestion.Baseline;

/// <summary>
/// The warm-up each side does before its measured pages: <see cref="Pages"/> pages in all, fetched and stored in
/// <see cref="Runs"/> runs one after another (for the service a job each, for the loop a copy each). More than one run
/// because the service does work once per job (its start, its manifest and index) as well as once per page, and the
/// runtime compiles a method's optimized code only after it has been called some 30 times, and with profile-guided
/// optimization after as many again at an instrumented stage: after a single warm-up job the measured job would still
/// run that code unoptimized and pay for compiling it. The loop gets the same runs, though its own once-per-run work is
/// a few calls.
/// </summary>
public sealed record WarmUp(int Pages, int Runs)
{
    /// <summary>
    /// The pages of each run, which add up to <see cref="Pages"/>; when they do not divide evenly, the first runs take one
    /// more. Never more runs than pages, and at least one when there are pages.
    /// </summary>
    public IEnumerable<int> PagesOfRuns()
    {
        var runs = Math.Max(1, Math.Min(Runs, Pages));
        for (var run = 0; run < runs && Pages > 0; run++)
        {
            yield return (Pages / runs) + (run < Pages % runs ? 1 : 0);
        }
    }
}
