namespace Ingestion.Records;

/// <summary>Where a fold keeps what must outlive its activation.</summary>
public interface IRecordsProgressSink
{
    /// <summary>Saves the checkpoint, as it is right after a file was committed.</summary>
    Task SaveAsync(RecordsCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Notes that a page's records could not be read; the same page may be noted again after a restart.</summary>
    Task RecordErrorAsync(int page, string reason, CancellationToken cancellationToken);
}
