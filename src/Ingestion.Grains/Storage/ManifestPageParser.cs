using System.Text.Json;
using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Reads the page entries of a manifest from its JSON a buffer at a time (for <see cref="ManifestStore.ReadPagesAsync"/>):
/// the header's job id first, then each entry of the <c>pages</c> array once it is whole. The header's other fields are
/// skipped, and the entries are handed on as they come, so a manifest of any size is read in a buffer's worth of memory.
/// <see cref="EntriesOnly"/> reads a stretch of the page list alone, from where an entry begins
/// (<see cref="ManifestStore.ReadStretchAsync"/>).
/// </summary>
internal sealed class ManifestPageParser(Guid jobId)
{
    private JsonReaderState _state;
    private Guid? _owner;
    private bool _inPages;

    // Set for a stretch of the page list: what may come next between entries.
    private StretchExpects? _stretch;

    private enum StretchExpects
    {
        /// <summary>The stretch's start: its first entry, or the separator before it.</summary>
        Start,

        /// <summary>A separator was read: an entry must follow.</summary>
        Entry,

        /// <summary>An entry was read: a separator, the end of the page list, or the end of the stretch.</summary>
        SeparatorOrEnd,
    }

    /// <summary>
    /// Nothing more to read: the page list has ended, or the manifest is not this job's, or (for
    /// <see cref="EntriesOnly"/>) the stretch has.
    /// </summary>
    public bool Done { get; private set; }

    /// <summary>
    /// The manifest names another job (one with the same destination overwrote it), or none before its pages (the writer
    /// always puts the job id first).
    /// </summary>
    public bool IsOtherJobs { get; private set; }

    /// <summary>
    /// Parses as much of <paramref name="data"/> as holds whole tokens (a page entry counts as one), adding the entries to
    /// <paramref name="pages"/>, and answers how many bytes it used: the caller keeps the rest and appends more to it.
    /// </summary>
    public int Parse(ReadOnlySpan<byte> data, bool isFinalBlock, List<PageRecord> pages)
    {
        if (_stretch is not null)
        {
            return ParseStretch(data, isFinalBlock, pages);
        }

        var reader = new Utf8JsonReader(data, isFinalBlock, _state);
        while (!Done)
        {
            // Where to start again when a token, or a whole value, is not in the buffer yet.
            var checkpoint = reader.CurrentState;
            var used = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                break;
            }

            if (_inPages)
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Done = true;
                    break;
                }

                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    _state = checkpoint;
                    return used;
                }

                pages.Add(PageRecordJson.ReadManifestEntry(data[start..(int)reader.BytesConsumed]));
                continue;
            }

            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                Done = reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0;
                continue;
            }

            var isJobId = reader.ValueTextEquals("jobId");
            var isPages = reader.ValueTextEquals("pages");
            if (!reader.Read() || (!isPages && !reader.TrySkip()))
            {
                _state = checkpoint;
                return used;
            }

            if (isJobId)
            {
                _owner = reader.GetGuid();
            }
            else if (isPages)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException("A manifest's pages are not an array.");
                }

                IsOtherJobs = _owner != jobId;
                Done = IsOtherJobs;
                _inPages = true;
            }
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>
    /// A parser of a stretch of a manifest's page list that starts where an entry begins (at the entry, or at the
    /// separator before it) rather than at the document's start: it reads entries and the separators between them, and
    /// is done at the end of the page list or, between two entries, at the end of the data. Anything else is an error,
    /// never skipped: a stretch read from the wrong offset must not pass for entries.
    /// </summary>
    public static ManifestPageParser EntriesOnly() => new(Guid.Empty) { _stretch = StretchExpects.Start };

    private int ParseStretch(ReadOnlySpan<byte> data, bool isFinalBlock, List<PageRecord> pages)
    {
        var used = 0;
        while (!Done)
        {
            var next = data[used..].IndexOfAnyExcept(" \t\r\n"u8);
            if (next < 0)
            {
                if (isFinalBlock && _stretch == StretchExpects.Entry)
                {
                    throw new JsonException("A stretch of a manifest's page list ends after a separator.");
                }

                Done = isFinalBlock;
                return data.Length;
            }

            used += next;
            switch (data[used], _stretch)
            {
                case ((byte)',', StretchExpects.Start or StretchExpects.SeparatorOrEnd):
                    _stretch = StretchExpects.Entry;
                    used++;
                    break;
                case ((byte)']', StretchExpects.SeparatorOrEnd):
                    Done = true;
                    used++;
                    break;
                case ((byte)'{', StretchExpects.Start or StretchExpects.Entry):
                {
                    var reader = new Utf8JsonReader(data[used..], isFinalBlock, default);
                    if (!reader.Read() || !reader.TrySkip())
                    {
                        // The entry is not whole yet: the caller reads more and comes back to it.
                        return used;
                    }

                    pages.Add(PageRecordJson.ReadManifestEntry(data.Slice(used, (int)reader.BytesConsumed)));
                    used += (int)reader.BytesConsumed;
                    _stretch = StretchExpects.SeparatorOrEnd;
                    break;
                }

                default:
                    throw new JsonException($"A stretch of a manifest's page list has '{(char)data[used]}' where {_stretch} was expected.");
            }
        }

        return used;
    }
}
