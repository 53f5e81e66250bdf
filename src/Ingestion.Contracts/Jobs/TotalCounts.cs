namespace Ingestion.Jobs;

[GenerateSerializer, Alias("Ingestion.TotalCounts")]
public enum TotalCounts
{
    Pages = 0,
    Items = 1,
}
