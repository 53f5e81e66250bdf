using Ingestion.Grains;
using Ingestion.Jobs;

namespace Ingestion.Storage;

/// <summary>
/// How taking a destination prefix went: <see cref="Destination"/> is where the job writes (the prefix itself, or a new
/// version under it), and <see cref="Previous"/> the job whose data it is to replace; or <see cref="Conflict"/> says why
/// it could not be taken.
/// </summary>
public sealed record PrefixClaim(DestinationSpec? Destination, Guid? Previous, PrefixConflict? Conflict)
{
    /// <summary>The prefix held data of the previous owner, which the job must clear before it writes.</summary>
    public bool MustClear { get; init; }

    public static PrefixClaim Taken(DestinationSpec destination) => new(destination, null, null);

    public static PrefixClaim Refused(PrefixConflict conflict) => new(null, null, conflict);
}
