using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;
using Ingestion.Api.Jobs.Wire;

namespace Ingestion.Api.Pipelines.Wire;

/// <summary>
/// A pipeline as users write it: what <c>POST /api/pipelines</c> takes. Read field by field by
/// <see cref="PipelineSpecParser"/>, as the job spec is, so that every bad field is named at once by its path.
/// </summary>
[Description("A job run on a schedule, optionally reading only what changed since the last completed run. Unknown fields are rejected.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PipelineSpecInput
{
    [Description("A label for the pipeline, up to 200 characters, no control characters.")]
    [MinLength(1)]
    public required string Name { get; init; }

    public required ScheduleInput Schedule { get; init; }

    [Description("What a tick does while the previous run is still going: skip it (recorded), queue it (at most one waits), or cancel the running one and start.")]
    [AllowedNames("skip", "queue", "cancelRunning")]
    [DefaultValue("skip")]
    public string? Overlap { get; init; }

    [Description("What becomes of ticks missed while the cluster was down: none (let go), latest (one run for all of them) or all (one run each, up to Ingestion:Pipelines:MaxCatchUpRuns).")]
    [AllowedNames("none", "latest", "all")]
    [DefaultValue("latest")]
    public string? CatchUp { get; init; }

    public IncrementalInput? Incremental { get; init; }

    [Description("The job each run starts, as POST /api/jobs takes it. Its URLs and headers may hold {watermark}; its prefix {runId} (the run's job id), so that runs never write over each other.")]
    public required JobSpecInput Job { get; init; }

    public RetentionInput? Retention { get; init; }
}
