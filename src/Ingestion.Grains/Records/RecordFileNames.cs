using System.Globalization;
using Ingestion.Jobs;

namespace Ingestion.Records;

/// <summary>
/// Record file names: <c>{prefix}/records/{partition}/part-{n}-{job}.{ext}</c>, numbered in the order the job opened
/// them, with the first eight hex digits of the job's id, as Spark names its part files, so that files of two jobs that
/// ever meet in one folder never share a name.
/// </summary>
public static class RecordFileNames
{
    public const string Folder = "records";

    /// <summary>Where every record file of a job whose destination is <paramref name="destination"/> lives.</summary>
    public static string PrefixOf(DestinationSpec destination) => $"{destination.Prefix}/{Folder}/";

    public static string Of(DestinationSpec destination, string partition, int sequence, Guid jobId, RecordFormat format)
    {
        var folder = partition.Length == 0 ? "" : partition + "/";
        var number = sequence.ToString("D5", CultureInfo.InvariantCulture);
        return $"{PrefixOf(destination)}{folder}part-{number}-{jobId.ToString("N")[..8]}{ExtensionOf(format)}";
    }

    public static string ExtensionOf(RecordFormat format) => format == RecordFormat.Parquet ? ".parquet" : ".jsonl.gz";
}
