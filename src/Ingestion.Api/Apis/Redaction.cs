using Ingestion.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>
/// What the API shows of a job's secrets: nothing. The values of sensitive headers (<see cref="SensitiveHeaders"/>:
/// credentials, API keys, cookies, tokens) are sent upstream but every job the API returns shows them as
/// <see cref="Mask"/>; the grain keeps the real values. Other headers are shown as given.
/// </summary>
public static class Redaction
{
    public const string Mask = "***";

    /// <summary>Masks the headers that the built-in rules call sensitive.</summary>
    public static JobView Redact(JobView job) => Redact(job, SensitiveHeaders.Default);

    /// <summary>Masks the headers that <paramref name="sensitive"/> calls sensitive (with configured additions, from DI).</summary>
    public static JobView Redact(JobView job, SensitiveHeaders sensitive) =>
        Redact(job.Spec, sensitive) is var spec && ReferenceEquals(spec, job.Spec) ? job : job with { Spec = spec };

    /// <summary>A job spec with its sensitive headers masked; the same instance when it has none.</summary>
    public static JobSpec Redact(JobSpec spec, SensitiveHeaders sensitive)
    {
        var headers = spec.Headers;
        var masked = headers.Where(header => sensitive.IsSensitive(header.Key)).Select(header => KeyValuePair.Create(header.Key, Mask)).ToList();
        return masked.Count == 0 ? spec : spec with { Headers = headers.SetItems(masked) };
    }
}
