using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

[Description("The job's own limits towards the hosts it fetches from; they only ever make the service's per-host limits stricter.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PolitenessInput
{
    [Description("The most requests per second to any one host. Left out, the service's own limit applies.")]
    [Range(0d, PolitenessSpec.MaxMaxRequestsPerSecond, MinimumIsExclusive = true)]
    public double? MaxRequestsPerSecond { get; init; }

    [Description("Skip the pages that a host's robots.txt disallows for the service's User-Agent.")]
    [DefaultValue(false)]
    public bool? RespectRobotsTxt { get; init; }
}
