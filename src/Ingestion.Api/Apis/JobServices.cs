using Ingestion.Api.Jobs;

namespace Ingestion.Api.Apis;

/// <summary>What the job endpoints depend on.</summary>
public sealed class JobServices(IGrainFactory grains, JobSpecParser parser)
{
    public IGrainFactory Grains { get; } = grains;

    public JobSpecParser Parser { get; } = parser;
}
