namespace Ingestion.Records;

/// <summary>How finely records are partitioned by their own time.</summary>
public enum PartitionGranularity
{
    Hour,
    Day,
    Month,
}
