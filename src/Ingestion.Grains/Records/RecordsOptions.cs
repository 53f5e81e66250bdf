using System.ComponentModel.DataAnnotations;

namespace Ingestion.Records;

/// <summary>The bounds on writing a job's records; bound from <c>Ingestion:Records</c> and validated at start-up.</summary>
public sealed class RecordsOptions
{
    public const string SectionName = "Ingestion:Records";

    /// <summary>
    /// Record files one job keeps open at once (one per partition being written). Past that, the file written least
    /// recently is committed to open the next: more partitions than this make more, smaller files.
    /// </summary>
    [Range(1, 4096)]
    public int MaxOpenFiles { get; set; } = 128;

    /// <summary>
    /// A file open across this many pages is committed, even short of its target size: after a silo's death, the pages
    /// read again to write the open files again go back no further.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReplayWindowPages { get; set; } = 10_000;

    /// <summary>The records a Parquet file buffers before it writes them as a row group (by their size as JSON), in KiB.</summary>
    [Range(64, 256 * 1024)]
    public int RowGroupKiB { get; set; } = 1024;

    /// <summary>The lines a JSON Lines file buffers before it compresses them as one block, in KiB.</summary>
    [Range(64, 100 * 1024)]
    public int JsonLinesBlockKiB { get; set; } = 1024;

    /// <summary>
    /// The page bodies a job's records keep as their fetch grains hand them over, until they are folded, in KiB: a page
    /// that does not fit (or whose body was not handed over) is read back from storage instead.
    /// </summary>
    [Range(0, 1024 * 1024)]
    public int OfferedKiB { get; set; } = 64 * 1024;

    /// <summary>Stored pages downloaded ahead of the one being folded.</summary>
    [Range(1, 64)]
    public int ReadAhead { get; set; } = 8;

    /// <summary>How often a job's records look for pages that have ended since they last looked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
