using Ingestion.Jobs;

namespace Ingestion.Records;

/// <summary>What a job's records grain needs of its job to fold the job's stored pages into record files.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.RecordsAssignment")]
public sealed record RecordsAssignment
{
    [Id(0)] public required Guid JobId { get; init; }

    [Id(1)] public required RecordsSpec Records { get; init; }

    /// <summary>The job's destination, its prefix expanded.</summary>
    [Id(2)] public required DestinationSpec Destination { get; init; }

    /// <summary>The page count its page blobs' names are padded for.</summary>
    [Id(3)] public required int PageNameCount { get; init; }

    /// <summary>The earlier run whose blobs hold the content of the pages this run found unchanged; null for none.</summary>
    [Id(4)] public BaselineRun? Baseline { get; init; }

    /// <summary>The assignment of job <paramref name="jobId"/>, which writes to <paramref name="destination"/>; null when its spec asks for no records.</summary>
    public static RecordsAssignment? Of(Guid jobId, JobSpec spec, DestinationSpec destination) => spec.Records is { } records
        ? new RecordsAssignment
        {
            JobId = jobId,
            Records = records,
            Destination = destination,
            PageNameCount = spec.Source.KnownPageCount ?? spec.MaxPages,
            Baseline = spec.Run?.Baseline,
        }
        : null;
}
