namespace Ingestion.Pipelines;

/// <summary>What started a pipeline's run.</summary>
[GenerateSerializer, Alias("Ingestion.RunTrigger")]
public enum RunTrigger
{
    /// <summary>A tick of the schedule, on time.</summary>
    Schedule = 0,

    /// <summary>A tick missed while the cluster was down, run late (catch-up).</summary>
    CatchUp = 1,

    /// <summary>A tick that waited for the run before it to end (overlap queue).</summary>
    Queued = 2,

    /// <summary>POST /api/pipelines/{id}/trigger.</summary>
    Manual = 3,
}
