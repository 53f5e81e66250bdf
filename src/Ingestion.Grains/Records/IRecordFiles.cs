namespace Ingestion.Records;

/// <summary>Opens the record files a fold writes into.</summary>
public interface IRecordFiles
{
    /// <param name="name">The blob's name.</param>
    /// <param name="schema">The columns of a Parquet file; a JSON Lines file needs none.</param>
    IRecordFile Open(string name, RecordSchema schema);
}
