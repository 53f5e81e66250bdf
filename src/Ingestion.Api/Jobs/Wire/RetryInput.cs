using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

[Description("Retries of a page that failed transiently (connection failures, timeouts, 408, 425, 429, 500, 502, 503, 504): the wait before attempt n is random in [0, min(baseDelaySeconds · 2^(n-2), maxDelaySeconds)], and a Retry-After is honoured up to maxDelaySeconds.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetryInput
{
    [Description("Attempts in all, the first included.")]
    [Range(1, JobDefaults.MaxMaxAttempts)]
    [DefaultValue(JobDefaults.MaxAttempts)]
    public int? MaxAttempts { get; init; }

    [Range(0d, JobDefaults.MaxRetryDelaySeconds)]
    [DefaultValue(JobDefaults.RetryBaseDelaySeconds)]
    public double? BaseDelaySeconds { get; init; }

    [Description("Not less than baseDelaySeconds.")]
    [Range(0d, JobDefaults.MaxRetryDelaySeconds)]
    [DefaultValue(JobDefaults.RetryMaxDelaySeconds)]
    public double? MaxDelaySeconds { get; init; }
}
