using Ingestion.Pipelines;
using Orleans.Concurrency;

namespace Ingestion.Grains;

/// <summary>A recurring pipeline: its schedule is a reminder, each tick starts a run, which is a job.</summary>
[Alias("Ingestion.IPipelineGrain")]
public interface IPipelineGrain : IGrainWithGuidKey
{
    /// <summary>Creates the pipeline; a second call returns the pipeline as it is.</summary>
    [Alias("Create")]
    Task<PipelineView> Create(PipelineSpec spec);

    /// <summary>The pipeline, or null if there is none (never created, or deleted).</summary>
    [Alias("GetView"), AlwaysInterleave]
    Task<PipelineView?> GetView();

    /// <summary>Replaces the spec, keeping the watermark unless <paramref name="resetWatermark"/>; null if there is no pipeline.</summary>
    [Alias("Replace")]
    Task<PipelineView?> Replace(PipelineSpec spec, bool resetWatermark);

    /// <summary>Pauses or resumes the schedule; null if there is no pipeline.</summary>
    [Alias("SetPaused")]
    Task<PipelineView?> SetPaused(bool paused);

    /// <summary>Starts a run now, or answers with the run under way.</summary>
    [Alias("Trigger")]
    Task<TriggerResult> Trigger();

    /// <summary>The runs kept (keepRuns), newest first; null if there is no pipeline.</summary>
    [Alias("GetRuns"), ReadOnly]
    Task<Listing<PipelineRun>?> GetRuns(int skip, int take);

    /// <summary>
    /// A run's job tells its pipeline that it has ended, so that the watermark moves and a waiting tick starts at once
    /// rather than at the next look. One-way: the job does not wait, and the pipeline asks the job how it ended.
    /// </summary>
    [Alias("RunEnded"), OneWay]
    Task RunEnded(Guid jobId);

    /// <summary>Stops the schedule and forgets the pipeline; its runs' jobs and data stay. False if there was none.</summary>
    [Alias("Delete")]
    Task<bool> Delete();
}
