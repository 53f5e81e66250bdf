using System.Text.Json;
using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>A fold's checkpoints as storage keeps them: a copy as of each save, so a later fold resumes from the last one.</summary>
internal sealed class SavedRecordsCheckpoints : IRecordsProgressSink
{
    public RecordsCheckpoint Last { get; private set; } = new();

    public int Saves { get; private set; }

    public List<(int Page, string Reason)> Errors { get; } = [];

    /// <summary>Fails the save numbered so (1 for the first), as a silo dying just before it would.</summary>
    public int? FailSave { get; set; }

    public Task SaveAsync(RecordsCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        Saves++;
        if (Saves == FailSave)
        {
            throw new SiloDiedException();
        }

        Last = Copy(checkpoint);
        return Task.CompletedTask;
    }

    public Task RecordErrorAsync(int page, string reason, CancellationToken cancellationToken)
    {
        Errors.Add((page, reason));
        return Task.CompletedTask;
    }

    public static RecordsCheckpoint Copy(RecordsCheckpoint checkpoint) =>
        JsonSerializer.Deserialize<RecordsCheckpoint>(JsonSerializer.Serialize(checkpoint))!;
}

internal sealed class SiloDiedException : Exception
{
}
