namespace Ingestion.Testing;

/// <summary>
/// The settings of <see cref="PaginatedApi"/> that shape a response, read once when a request arrives so a test
/// changing them mid-request cannot give one response a mix of old and new.
/// </summary>
internal readonly record struct PaginatedApiBehaviour(
    PastEndStyle PastEnd,
    bool BareArrays,
    int? LoopBackAt,
    int? StuckCursorAt,
    bool Endless,
    int? UnavailableAt = null);
