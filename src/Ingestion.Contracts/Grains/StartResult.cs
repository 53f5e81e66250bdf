using Ingestion.Jobs;

namespace Ingestion.Grains;

/// <summary>
/// What starting a job did: <see cref="Job"/> is the job (started now, or earlier with the same id), or
/// <see cref="Conflict"/> says why its destination could not be taken, and nothing was created.
/// </summary>
[GenerateSerializer, Immutable, Alias("Ingestion.StartResult")]
public sealed record StartResult([property: Id(0)] JobView? Job, [property: Id(1)] PrefixConflict? Conflict)
{
    public static StartResult Started(JobView job) => new(job, null);

    public static StartResult Refused(PrefixConflict conflict) => new(null, conflict);
}
