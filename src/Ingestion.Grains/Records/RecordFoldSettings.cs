using Ingestion.Jobs;

namespace Ingestion.Records;

/// <summary>What a fold of one job's records needs to know of the job, and the service's bounds on it.</summary>
/// <param name="MaxOpenFiles">Files open at once; past that the least recently written is committed to open the next.</param>
/// <param name="ReplayWindowPages">
/// A file open since this many pages is committed: after a restart, the pages read again to write the open files again
/// go back no further than this.
/// </param>
public sealed record RecordFoldSettings(
    Guid JobId,
    RecordsSpec Spec,
    DestinationSpec Destination,
    int MaxOpenFiles,
    int ReplayWindowPages)
{
    public long TargetFileBytes => Spec.TargetFileMiB * 1024L * 1024L;
}
