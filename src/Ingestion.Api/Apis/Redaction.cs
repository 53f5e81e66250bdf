using Ingestion.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>
/// What the API shows of a job's secrets: nothing. Header values (Authorization, API keys, cookies) are sent upstream
/// but every job the API returns shows them as <see cref="Mask"/>; the grain keeps the real values.
/// </summary>
public static class Redaction
{
    public const string Mask = "***";

    public static JobView Redact(JobView job) =>
        job.Spec.Headers.IsEmpty
            ? job
            : job with { Spec = job.Spec with { Headers = job.Spec.Headers.SetItems(job.Spec.Headers.Select(header => KeyValuePair.Create(header.Key, Mask))) } };
}
