using System.Collections;
using System.Globalization;

namespace Ingestion.Telemetry;

/// <summary>
/// A logging scope naming the job, and the page, that a log line belongs to, as structured values under the same names
/// as the span tags (<c>job.id</c>, <c>page.number</c>), so every line logged while a page or a job call is at work carries them.
/// </summary>
public sealed class IngestionLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly Guid _jobId;
    private readonly int? _page;

    private IngestionLogScope(Guid jobId, int? page)
    {
        _jobId = jobId;
        _page = page;
    }

    public int Count => _page is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(IngestionTelemetry.JobIdTag, _jobId),
        1 when _page is { } page => new(IngestionTelemetry.PageNumberTag, page),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public static IngestionLogScope ForJob(Guid jobId) => new(jobId, null);

    public static IngestionLogScope ForPage(Guid jobId, int page) => new(jobId, page);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var index = 0; index < Count; index++)
        {
            yield return this[index];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>What text loggers (the console) print for the scope.</summary>
    public override string ToString() => _page is { } page
        ? string.Create(CultureInfo.InvariantCulture, $"job {_jobId} page {page}")
        : $"job {_jobId}";
}
