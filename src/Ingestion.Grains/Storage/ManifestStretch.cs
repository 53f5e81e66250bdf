namespace Ingestion.Storage;

/// <summary>
/// A stretch of a manifest's page list between two checkpoints of its index: from byte <paramref name="From"/> (where
/// the entry of page <paramref name="FirstPage"/> begins) up to byte <paramref name="To"/>, or to the end of the
/// manifest when null. The slice asked for begins after the stretch's first <paramref name="Skip"/> matching entries.
/// </summary>
public sealed record ManifestStretch(long From, long? To, int FirstPage, int Skip);
