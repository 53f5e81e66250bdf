namespace Ingestion.Records;

/// <summary>
/// Where a job's records stand, saved each time a record file is committed: every record before <see cref="Position"/>
/// is in a committed file or in one of <see cref="Open"/>, which were not committed and so are lost with the
/// activation. Resuming from here writes those again from their first record, under the same names.
/// </summary>
[GenerateSerializer, Alias("Ingestion.RecordsCheckpoint")]
public sealed class RecordsCheckpoint
{
    /// <summary>The job's round this pass over its pages is for (0, then one more for each retry of its failed pages).</summary>
    [Id(0)] public int Round { get; set; }

    /// <summary>The next record to fold; every one before it is folded.</summary>
    [Id(1)] public RecordPosition Position { get; set; } = RecordPosition.StartOf(1);

    /// <summary>The pass has folded every page of its round and committed every file.</summary>
    [Id(2)] public bool PassComplete { get; set; }

    /// <summary>Every page up to this one was visited by an earlier pass (folded, or found without content).</summary>
    [Id(3)] public int VisitedThrough { get; set; }

    /// <summary>Pages earlier passes visited and found without content (failed, cancelled): the next pass's only candidates up to <see cref="VisitedThrough"/>.</summary>
    [Id(4)] public List<PageSpan> Skipped { get; set; } = [];

    /// <summary>Pages this pass visited and found without content.</summary>
    [Id(5)] public List<PageSpan> SkippedThisPass { get; set; } = [];

    /// <summary>The schema's versions still needed: the latest, and those of open files.</summary>
    [Id(6)] public List<RecordSchemaVersion> Schemas { get; set; } = [new(0, [])];

    [Id(7)] public List<OpenRecordFile> Open { get; set; } = [];

    /// <summary>The number the next file opened takes.</summary>
    [Id(8)] public int NextSequence { get; set; } = 1;

    [Id(9)] public long Clock { get; set; }

    [Id(10)] public int CommittedFiles { get; set; }

    [Id(11)] public long CommittedRows { get; set; }

    [Id(12)] public long CommittedBytes { get; set; }

    /// <summary>Pages whose records could not be read (not JSON, no array at the pointer).</summary>
    [Id(13)] public int ErrorPages { get; set; }

    /// <summary>The first warnings (columns widened to strings, fields that gave way to lineage), at most <see cref="MaxWarnings"/>.</summary>
    [Id(14)] public List<string> Warnings { get; set; } = [];

    [Id(15)] public int WarningCount { get; set; }

    public const int MaxWarnings = 100;

    public RecordSchemaVersion LatestSchema => Schemas[^1];
}
