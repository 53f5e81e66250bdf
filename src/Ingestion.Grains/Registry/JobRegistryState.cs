using Ingestion.Jobs;

namespace Ingestion.Grains.Registry;

[GenerateSerializer, Alias("Ingestion.JobRegistryState")]
public sealed class JobRegistryState
{
    [Id(0)] public List<JobSummary> Jobs { get; set; } = [];
}
