using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Decides, for the root spans of a trace, which are recorded: a page handed out after the job's start begins a trace of
/// its own with the job grain's call to the page's fetch grain (<see cref="TelemetryNames.PageDispatchSpan"/>), and only
/// a share of those (<see cref="TelemetryOptions.PageTraceRatio"/>, by trace id) is recorded. Every other root (an API
/// request, a job's start, a retry's attempt woken by its timer, a failed attempt's outcome) is recorded. Used as the
/// root sampler of a <see cref="ParentBasedSampler"/>, so a page's grain calls, HTTP request and blob upload follow its
/// trace's decision: a 100,000-page job exports its start, about a thousand whole page traces and every page that failed
/// or was retried, not 100,000 traces of five spans each.
/// </summary>
public sealed class PageTraceSampler : Sampler
{
    private static readonly SamplingResult Recorded = new(SamplingDecision.RecordAndSample);

    private readonly Sampler _pages;

    public PageTraceSampler(double pageTraceRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageTraceRatio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageTraceRatio, 1);
        _pages = new TraceIdRatioBasedSampler(pageTraceRatio);
        Description = $"PageTraceSampler{{{pageTraceRatio}}}";
    }

    /// <summary>The sampler the services use: a recorded parent's children are recorded, an unrecorded one's are not.</summary>
    public static Sampler ForServices(double pageTraceRatio) => new ParentBasedSampler(new PageTraceSampler(pageTraceRatio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        string.Equals(samplingParameters.Name, TelemetryNames.PageDispatchSpan, StringComparison.Ordinal)
            ? _pages.ShouldSample(samplingParameters)
            : Recorded;
}
