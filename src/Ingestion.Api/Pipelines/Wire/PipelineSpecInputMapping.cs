using System.Globalization;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Jobs;
using Ingestion.Pipelines;

namespace Ingestion.Api.Pipelines.Wire;

/// <summary>
/// A validated pipeline as users write it (<see cref="PipelineSpecInput"/>), defaults filled in: what every pipeline the
/// API returns shows as its spec, so that it can be copied and sent back to <c>POST</c> or <c>PUT</c> as it is.
/// </summary>
public static class PipelineSpecInputMapping
{
    public static PipelineSpecInput ToInput(this PipelineSpec spec) => new()
    {
        Name = spec.Name,
        Schedule = new ScheduleInput
        {
            Cron = spec.Schedule.Cron,
            TimeZone = spec.Schedule.TimeZone,
            Every = spec.Schedule.Every is { } every ? Duration(every) : null,
        },
        Overlap = NamedChoices<OverlapPolicy>.NameOf(typeof(PipelineSpecInput), nameof(PipelineSpecInput.Overlap), spec.Overlap),
        CatchUp = NamedChoices<CatchUpPolicy>.NameOf(typeof(PipelineSpecInput), nameof(PipelineSpecInput.CatchUp), spec.CatchUp),
        Incremental = spec.Incremental is { } incremental
            ? new IncrementalInput
            {
                From = NamedChoices<WatermarkSource>.NameOf(typeof(IncrementalInput), nameof(IncrementalInput.From), incremental.From),
                CursorPointer = incremental.CursorPointer,
                RecordsPointer = incremental.RecordsPointer,
                Header = incremental.Header,
                Initial = incremental.Initial.Text,
                Lookback = Duration(incremental.Lookback),
                CursorType = incremental.CursorType is { } type
                    ? NamedChoices<WatermarkKind>.NameOf(typeof(IncrementalInput), nameof(IncrementalInput.CursorType), type)
                    : null,
                AdvanceOnErrors = incremental.AdvanceOnErrors,
            }
            : null,
        Job = WithRunId(spec.Job).ToInput(),
        Retention = new RetentionInput { KeepRuns = spec.Retention.KeepRuns, PurgeData = spec.Retention.PurgeData },
    };

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The prefix as a pipeline's spec writes it: <c>{runId}</c>, which the parser read as the run's <c>{jobId}</c>.</summary>
    private static JobSpec WithRunId(JobSpec job) => job with
    {
        Destination = job.Destination with
        {
            Prefix = job.Destination.Prefix.Replace($"{{{PrefixTemplate.JobId}}}", PipelineSpec.RunIdPlaceholder, StringComparison.Ordinal),
        },
    };
}
