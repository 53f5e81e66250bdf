namespace Ingestion.Grains;

/// <summary>
/// The one list of every job that clusters before the job index kept (in one grain state, rewritten whole on every
/// change). Its lines move into the index once, the first time the index is read; the list is then empty.
/// </summary>
[Alias("Ingestion.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Writes every line to the job index, then forgets them; nothing to do once done.</summary>
    [Alias("MoveToIndex")]
    Task MoveToIndex();
}
