using System.Globalization;
using System.Text.Json.Serialization;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Where to start reading a manifest's page list part way through, written beside the manifest as
/// <c>{prefix}/_manifest.index.json</c> (<see cref="Jobs.DestinationSpec.ManifestIndexBlobName"/>). Every
/// <see cref="EntriesPerCheckpoint"/>-th entry is a checkpoint: where its bytes begin in the manifest, its page, and for
/// each status how many entries before it are in that status. A listing of the entries from the 999,000th on then
/// reads one stretch of a million-entry manifest instead of all of it, and takes its totals from here.
/// </summary>
/// <remarks>
/// The index names the manifest it was written for by its ETag and is only ever read together with that manifest, so a
/// manifest written again since (a retry of its failed pages, a later job in the same prefix) is never read at offsets
/// of its earlier content. The columns hold one value per checkpoint, so a million entries take a few thousand numbers.
/// </remarks>
public sealed record ManifestIndex
{
    /// <summary>The shape of the index this version writes and reads; an index of another is not used.</summary>
    public const int CurrentFormat = 1;

    /// <summary>One checkpoint per thousand entries: a listing reads at most a thousand entries before its slice.</summary>
    public const int DefaultEntriesPerCheckpoint = 1000;

    /// <summary>
    /// The manifest's own metadata key that says an index of this format follows it (the manifest is committed first):
    /// a listing of a manifest written before indexes existed reads it whole without asking for an index that is not
    /// there.
    /// </summary>
    public const string MetadataKey = "index_format";

    public required int Format { get; init; }

    /// <summary>The job whose manifest this indexes, as the manifest names it.</summary>
    public required Guid JobId { get; init; }

    /// <summary>The ETag of the manifest as it was committed: the index describes that content and no other.</summary>
    public required string ManifestETag { get; init; }

    /// <summary>How many entries the manifest's page list holds.</summary>
    public required int Entries { get; init; }

    public required int EntriesPerCheckpoint { get; init; }

    /// <summary>
    /// Per checkpoint (entry <c>c × EntriesPerCheckpoint</c>), where its bytes begin in the manifest: just after the
    /// entry before it, so at the separator between the two, or at the entry itself for the first.
    /// </summary>
    public required IReadOnlyList<long> Offsets { get; init; }

    /// <summary>Per checkpoint, the page of its entry: a read that starts there checks it landed where the index says.</summary>
    public required IReadOnlyList<int> Pages { get; init; }

    /// <summary>One column per status that has entries, in the order of <see cref="PageStatus"/>.</summary>
    public required IReadOnlyList<ManifestStatusCounts> Statuses { get; init; }

    [JsonIgnore]
    public int Checkpoints => Offsets.Count;

    /// <summary>The metadata a manifest is committed with to say its index follows.</summary>
    public static Dictionary<string, string> ManifestMetadata() =>
        new() { [MetadataKey] = CurrentFormat.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Whether a manifest's <paramref name="metadata"/> says an index this version reads was written beside it.</summary>
    public static bool IsAnnouncedIn(IDictionary<string, string>? metadata) =>
        metadata is not null
        && metadata.TryGetValue(MetadataKey, out var format)
        && format == CurrentFormat.ToString(CultureInfo.InvariantCulture);

    /// <summary>How many entries are in <paramref name="status"/> (all of them for null).</summary>
    public int TotalOf(PageStatus? status) =>
        status is null ? Entries : ColumnOf(status.Value)?.Total ?? 0;

    /// <summary>How many entries before <paramref name="checkpoint"/> are in <paramref name="status"/> (all of them for null).</summary>
    public int CountBefore(int checkpoint, PageStatus? status) =>
        status is null ? checkpoint * EntriesPerCheckpoint : ColumnOf(status.Value)?.Before[checkpoint] ?? 0;

    /// <summary>
    /// Why the index cannot be what its writer wrote (another format, columns of the wrong length, counts that do not
    /// add up), or null when it is consistent. An index with a flaw is not used at all: its listing would be wrong.
    /// </summary>
    public string? FindFlaw()
    {
        if (Format != CurrentFormat)
        {
            return $"It is of format {Format}; this version reads format {CurrentFormat}.";
        }

        if (EntriesPerCheckpoint < 1 || Entries < 0)
        {
            return $"It has {Entries} entries at one checkpoint per {EntriesPerCheckpoint}.";
        }

        var checkpoints = (Entries + EntriesPerCheckpoint - 1) / EntriesPerCheckpoint;
        if (Offsets.Count != checkpoints || Pages.Count != checkpoints)
        {
            return $"It has {Offsets.Count} offsets and {Pages.Count} pages for {checkpoints} checkpoints.";
        }

        for (var checkpoint = 1; checkpoint < checkpoints; checkpoint++)
        {
            if (Offsets[checkpoint] <= Offsets[checkpoint - 1])
            {
                return $"Checkpoint {checkpoint}'s offset is not past the one before it.";
            }
        }

        return FindCountsFlaw(checkpoints);
    }

    private string? FindCountsFlaw(int checkpoints)
    {
        if (Statuses.Any(column => column is null))
        {
            return "A status's column is null.";
        }

        if (Statuses.Select(column => column.Status).Distinct().Count() != Statuses.Count)
        {
            return "A status has two columns.";
        }

        if (Statuses.Any(column => column.Before.Count != checkpoints || column.Total < 0))
        {
            return $"A status's column does not hold one count per checkpoint ({checkpoints}).";
        }

        for (var checkpoint = 0; checkpoint < checkpoints; checkpoint++)
        {
            var before = 0L;
            foreach (var column in Statuses)
            {
                var count = column.Before[checkpoint];
                var next = checkpoint + 1 < checkpoints ? column.Before[checkpoint + 1] : column.Total;
                if (count < 0 || next < count)
                {
                    return $"The {column.Status} count falls after checkpoint {checkpoint}.";
                }

                before += count;
            }

            if (before != (long)checkpoint * EntriesPerCheckpoint)
            {
                return $"The counts before checkpoint {checkpoint} add up to {before}, not {checkpoint * EntriesPerCheckpoint}.";
            }
        }

        var total = Statuses.Sum(column => (long)column.Total);
        return total == Entries ? null : $"The statuses' totals add up to {total}, not {Entries}.";
    }

    private ManifestStatusCounts? ColumnOf(PageStatus status)
    {
        foreach (var column in Statuses)
        {
            if (column.Status == status)
            {
                return column;
            }
        }

        return null;
    }
}
