using System.Globalization;
using System.Text.Json;
using Ingestion.Api.Jobs;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Api.Pipelines.Wire;
using Ingestion.Jobs;
using Ingestion.Pipelines;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Pipelines;

/// <summary>
/// Turns a pipeline document into a <see cref="PipelineSpec"/>, or into the full list of what is wrong with it, each
/// error at its JSON path (<c>schedule.cron</c>, <c>job.source.pages.from</c>), read against the wire records as the
/// job spec is. A rejected document creates nothing.
/// </summary>
public sealed class PipelineSpecParser(JobSpecParser jobs, IOptions<JobLimits> limits, IOptions<PipelineOptions> options)
{
    private static readonly WireShape Spec = WireShape.Of<PipelineSpecInput>();

    public PipelineSpec? Parse(JsonElement root, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The pipeline spec must be a JSON object.");
            return null;
        }

        if (LoneSurrogates.PathOfFirst(root) is { } unreadable)
        {
            errors.Add(unreadable.Length == 0 ? "$" : unreadable, "Holds a \\u escape that is not valid UTF-16 (a lone surrogate).");
            return null;
        }

        var fields = FieldSet.Read(root, "", Spec, errors);
        var name = fields.String(nameof(PipelineSpecInput.Name), errors);
        foreach (var problem in name is null ? [] : NameRules.Problems(name, limits.Value.MaxNameLength))
        {
            errors.Add(fields.PathOf(nameof(PipelineSpecInput.Name)), problem);
        }

        var schedule = ParseSchedule(fields, errors);
        var overlap = ParseChoice(fields, nameof(PipelineSpecInput.Overlap), OverlapPolicy.Skip, errors);
        var catchUp = ParseChoice(fields, nameof(PipelineSpecInput.CatchUp), CatchUpPolicy.Latest, errors);
        var incremental = ParseIncremental(fields, errors);
        var job = ParseJob(fields, incremental is not null || fields.Has(nameof(PipelineSpecInput.Incremental)), errors);
        var retention = ParseRetention(fields, job, errors);

        if (errors.Any || name is null || schedule is null || job is null)
        {
            return null;
        }

        return new PipelineSpec
        {
            Name = name,
            Schedule = schedule,
            Overlap = overlap,
            CatchUp = catchUp,
            Incremental = incremental,
            Job = job,
            Retention = retention,
        };
    }

    /// <summary>How many runs stay listed, and whether a forgotten run's data goes too (only where each run's data is its own).</summary>
    private static RetentionSpec ParseRetention(FieldSet fields, JobSpec? job, ValidationErrors errors)
    {
        if (fields.Object(nameof(PipelineSpecInput.Retention), errors) is not { } retention)
        {
            return new RetentionSpec();
        }

        var keepRuns = retention.Integer(nameof(RetentionInput.KeepRuns), errors) ?? RetentionSpec.DefaultKeepRuns;
        var purgeData = retention.Boolean(nameof(RetentionInput.PurgeData), errors) ?? false;
        if (purgeData && job is not null && !PipelineSpec.IsPrefixPerRun(job.Destination.Prefix))
        {
            errors.Add(
                retention.PathOf(nameof(RetentionInput.PurgeData)),
                $"Needs job.destination.prefix to hold {PipelineSpec.RunIdPlaceholder}, so that each run's data is its own: runs that share a prefix replace one another's data anyway.");
        }

        return new RetentionSpec { KeepRuns = keepRuns, PurgeData = purgeData };
    }

    private ScheduleSpec? ParseSchedule(FieldSet fields, ValidationErrors errors)
    {
        if (!fields.Has(nameof(PipelineSpecInput.Schedule)))
        {
            errors.Add(fields.PathOf(nameof(PipelineSpecInput.Schedule)), "Required: { \"cron\": \"0 * * * *\", \"timeZone\": \"Europe/Amsterdam\" } or { \"every\": \"00:15:00\" }.");
            return null;
        }

        if (fields.Object(nameof(PipelineSpecInput.Schedule), errors) is not { } schedule)
        {
            return null;
        }

        var before = errors.Any;
        var spec = new ScheduleSpec
        {
            Cron = schedule.String(nameof(ScheduleInput.Cron), errors),
            TimeZone = schedule.String(nameof(ScheduleInput.TimeZone), errors),
            Every = Duration(schedule, nameof(ScheduleInput.Every), errors),
        };
        if (errors.Any != before)
        {
            return null;
        }

        foreach (var (field, message) in ScheduleRules.Check(spec, options.Value.MinInterval))
        {
            errors.Add(FieldSet.Join(schedule.Path, field), message);
        }

        return spec;
    }

    private static IncrementalSpec? ParseIncremental(FieldSet fields, ValidationErrors errors)
    {
        if (fields.Object(nameof(PipelineSpecInput.Incremental), errors) is not { } incremental)
        {
            return null;
        }

        WatermarkSource? from = WatermarkSource.Records;
        if (incremental.String(nameof(IncrementalInput.From), errors) is { } fromName)
        {
            from = NamedChoices<WatermarkSource>.Parse(typeof(IncrementalInput), nameof(IncrementalInput.From), fromName);
            if (from is null)
            {
                // Which fields belong with an unknown source cannot be said: they are left unchecked.
                errors.Add(incremental.PathOf(nameof(IncrementalInput.From)), NamedChoices<WatermarkSource>.MustBeOneOf(typeof(IncrementalInput), nameof(IncrementalInput.From)));
                return null;
            }
        }

        var cursor = OnlyFrom(incremental, from.Value, WatermarkSource.Records, nameof(IncrementalInput.CursorPointer), errors)
            ? Pointer(incremental, nameof(IncrementalInput.CursorPointer), errors)
            : null;
        var records = OnlyFrom(incremental, from.Value, WatermarkSource.Records, nameof(IncrementalInput.RecordsPointer), errors)
            ? Pointer(incremental, nameof(IncrementalInput.RecordsPointer), errors)
            : null;
        var header = OnlyFrom(incremental, from.Value, WatermarkSource.Header, nameof(IncrementalInput.Header), errors)
            ? incremental.String(nameof(IncrementalInput.Header), errors)
            : null;
        if (header is not null && HeaderRules.ProblemWithName(header) is { } headerProblem)
        {
            errors.Add(incremental.PathOf(nameof(IncrementalInput.Header)), headerProblem);
            header = null;
        }

        var lookback = Duration(incremental, nameof(IncrementalInput.Lookback), errors) ?? TimeSpan.Zero;
        var advanceOnErrors = incremental.Boolean(nameof(IncrementalInput.AdvanceOnErrors), errors) ?? false;
        WatermarkKind? declared = null;
        if (incremental.String(nameof(IncrementalInput.CursorType), errors) is { } type)
        {
            declared = NamedChoices<WatermarkKind>.Parse(typeof(IncrementalInput), nameof(IncrementalInput.CursorType), type);
            if (declared is null)
            {
                errors.Add(incremental.PathOf(nameof(IncrementalInput.CursorType)), NamedChoices<WatermarkKind>.MustBeOneOf(typeof(IncrementalInput), nameof(IncrementalInput.CursorType)));
            }
        }

        var initial = InitialWatermark(incremental, declared, errors);
        if (from == WatermarkSource.RunStart && (initial is { Kind: not WatermarkKind.Time } || declared is not (null or WatermarkKind.Time)))
        {
            // The run's start is a time: the watermark before the first run must be one too.
            var field = declared is not (null or WatermarkKind.Time) ? nameof(IncrementalInput.CursorType) : nameof(IncrementalInput.Initial);
            errors.Add(incremental.PathOf(field), "With from \"runStart\" the watermark is a time: an ISO-8601 date-time with an offset, such as \"2024-01-01T00:00:00Z\".");
            initial = null;
        }

        if (lookback < TimeSpan.Zero)
        {
            errors.Add(incremental.PathOf(nameof(IncrementalInput.Lookback)), "Must not be negative.");
        }

        var complete = from switch
        {
            WatermarkSource.Records => cursor is not null && records is not null,
            WatermarkSource.Header => header is not null,
            _ => true,
        };
        return !complete || initial is null
            ? null
            : new IncrementalSpec
            {
                From = from.Value,
                CursorPointer = cursor,
                RecordsPointer = records,
                Header = header,
                Initial = initial,
                Lookback = lookback,
                CursorType = declared,
                AdvanceOnErrors = advanceOnErrors,
            };
    }

    /// <summary>
    /// The job each run starts, read as <c>POST /api/jobs</c> reads one, its errors named under <c>job</c>. <c>{runId}</c>
    /// is the run's job id, so it is read as <c>{jobId}</c>. <c>{watermark}</c> must appear exactly when the pipeline is
    /// incremental.
    /// </summary>
    private JobSpec? ParseJob(FieldSet fields, bool incremental, ValidationErrors errors)
    {
        var path = fields.PathOf(nameof(PipelineSpecInput.Job));
        if (fields.Get(nameof(PipelineSpecInput.Job)) is not { } given)
        {
            errors.Add(path, "Required: the job each run starts, as POST /api/jobs takes it.");
            return null;
        }

        var text = given.GetRawText();
        var usesWatermark = text.Contains(PipelineSpec.WatermarkPlaceholder, StringComparison.Ordinal);
        if (usesWatermark && !incremental)
        {
            errors.Add(fields.PathOf(nameof(PipelineSpecInput.Incremental)),
                "Required: the job uses {watermark}, which only an incremental pipeline has (cursorPointer, recordsPointer, initial).");
        }
        else if (incremental && !usesWatermark && given.ValueKind == JsonValueKind.Object)
        {
            errors.Add(path, "Holds no {watermark}: an incremental pipeline passes it to the source in a URL or a header, such as ?updated_since={watermark}.");
        }

        using var job = JsonDocument.Parse(text.Replace(PipelineSpec.RunIdPlaceholder, $"{{{PrefixTemplate.JobId}}}", StringComparison.Ordinal));
        return jobs.Parse(job.RootElement, errors, path);
    }

    private static T ParseChoice<T>(FieldSet fields, string property, T fallback, ValidationErrors errors) where T : struct, Enum =>
        fields.String(property, errors) is { } name
            ? NamedChoices<T>.Parse(typeof(PipelineSpecInput), property, name) ?? Refused(fields, typeof(PipelineSpecInput), property, fallback, errors)
            : fallback;

    private static T Refused<T>(FieldSet fields, Type record, string property, T fallback, ValidationErrors errors) where T : struct, Enum
    {
        errors.Add(fields.PathOf(property), NamedChoices<T>.MustBeOneOf(record, property));
        return fallback;
    }

    /// <summary>
    /// Whether a field that belongs to one watermark source (<paramref name="owner"/>) is to be read: it must be given
    /// with that source, and is refused with any other.
    /// </summary>
    private static bool OnlyFrom(FieldSet fields, WatermarkSource from, WatermarkSource owner, string property, ValidationErrors errors)
    {
        var fromName = NamedChoices<WatermarkSource>.NameOf(typeof(IncrementalInput), nameof(IncrementalInput.From), owner);
        if (from == owner)
        {
            if (!fields.Has(property))
            {
                errors.Add(fields.PathOf(property), $"Required with from \"{fromName}\".");
                return false;
            }

            return true;
        }

        if (fields.Has(property))
        {
            errors.Add(fields.PathOf(property), $"Only with from \"{fromName}\".");
        }

        return false;
    }

    private static string? Pointer(FieldSet fields, string property, ValidationErrors errors)
    {
        var pointer = fields.String(property, errors);
        if (pointer is not null && SourceFieldRules.ProblemWithJsonPointer(pointer) is { } problem)
        {
            errors.Add(fields.PathOf(property), problem);
            return null;
        }

        return pointer;
    }

    /// <summary>The first run's watermark, of the declared kind, or inferred: an instant, a number, else a string.</summary>
    private static Watermark? InitialWatermark(FieldSet fields, WatermarkKind? declared, ValidationErrors errors)
    {
        if (fields.String(nameof(IncrementalInput.Initial), errors) is not { } text)
        {
            return null;
        }

        var isNumber = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        var inferred = Watermark.Parse(text) is { Kind: WatermarkKind.Time } time ? time
            : isNumber ? new Watermark(WatermarkKind.Number, text)
            : new Watermark(WatermarkKind.String, text);
        if (declared is { } kind && kind != inferred.Kind && kind != WatermarkKind.String)
        {
            errors.Add(fields.PathOf(nameof(IncrementalInput.Initial)), kind == WatermarkKind.Time
                ? "Must be an ISO-8601 date-time with an offset, such as \"2024-01-01T00:00:00Z\", as cursorType is time."
                : "Must be a number, such as \"0\", as cursorType is number.");
            return null;
        }

        return declared == WatermarkKind.String ? inferred with { Kind = WatermarkKind.String } : inferred;
    }

    private static TimeSpan? Duration(FieldSet fields, string property, ValidationErrors errors)
    {
        if (fields.String(property, errors) is not { } text)
        {
            return null;
        }

        if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var duration))
        {
            return duration;
        }

        errors.Add(fields.PathOf(property), $"'{UrlRules.Excerpt(text)}' is not a duration: write hours, minutes and seconds, such as \"00:15:00\", or days first, such as \"1.00:00:00\".");
        return null;
    }
}
