using System.Text.Json;
using Ingestion.PageRecords;
using Ingestion.Pages;

namespace Ingestion.Storage;

/// <summary>
/// Reads the page entries of a manifest from its JSON a buffer at a time (for <see cref="ManifestStore.ReadPagesAsync"/>):
/// the header's job id first, then each entry of the <c>pages</c> array once it is whole. The header's other fields are
/// skipped, and the entries are handed on as they come, so a manifest of any size is read in a buffer's worth of memory.
/// </summary>
internal sealed class ManifestPageParser(Guid jobId)
{
    private JsonReaderState _state;
    private Guid? _owner;
    private bool _inPages;

    /// <summary>Nothing more to read: the page list has ended, or the manifest is not this job's.</summary>
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
}
