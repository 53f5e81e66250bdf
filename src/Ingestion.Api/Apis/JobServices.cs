using Ingestion.Api.Jobs;
using Ingestion.Api.Security;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Apis;

/// <summary>What the job endpoints depend on.</summary>
public sealed class JobServices(IGrainFactory grains, JobSpecParser parser, IOptions<RequestLimits> requestLimits)
{
    public IGrainFactory Grains { get; } = grains;

    public JobSpecParser Parser { get; } = parser;

    public IOptions<RequestLimits> RequestLimits { get; } = requestLimits;
}
