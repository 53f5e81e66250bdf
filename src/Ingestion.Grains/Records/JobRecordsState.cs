namespace Ingestion.Records;

/// <summary>What a job's records grain persists: its job's assignment, and the fold's checkpoint.</summary>
[GenerateSerializer, Alias("Ingestion.JobRecordsState")]
public sealed class JobRecordsState
{
    [Id(0)] public RecordsAssignment? Assignment { get; set; }

    [Id(1)] public RecordsCheckpoint Checkpoint { get; set; } = new();
}
