using System.Text;
using System.Text.Json;
using static System.FormattableString;

namespace Ingestion.Testing;

/// <summary>
/// The deterministic items <see cref="PaginatedApi"/> serves: ids 1 to <see cref="ItemCount"/>, each with a name and
/// a payload of about 100 bytes derived from the id alone, so the same id always has the same bytes.
/// </summary>
internal sealed class PaginatedApiDataset
{
    private const int PayloadLength = 100;

    public PaginatedApiDataset(int itemCount, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        ItemCount = itemCount;
        PageSize = pageSize;
    }

    public int ItemCount { get; }

    public int PageSize { get; }

    public int PageCount => PagesOf(PageSize);

    /// <summary>How many pages of <paramref name="size"/> items the dataset fills; none when it is empty.</summary>
    public int PagesOf(int size) => (int)((ItemCount + (long)size - 1) / size);

    /// <summary>The items after the first <paramref name="offset"/>, at most <paramref name="limit"/> of
    /// them.</summary>
    public PaginatedApiItemRange Slice(long offset, int limit) =>
        offset >= ItemCount
            ? PaginatedApiItemRange.Empty
            : new PaginatedApiItemRange(offset + 1, (int)Math.Min(limit, ItemCount - offset));

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <see cref="PageSize"/> items; past the last page it is a full page of
    /// synthetic items whose ids carry on past <see cref="ItemCount"/>, for never-ending paginators.
    /// </summary>
    public PaginatedApiItemRange PageOrSynthetic(int page)
    {
        var offset = (page - 1L) * PageSize;
        return page <= PageCount ? Slice(offset, PageSize) : new PaginatedApiItemRange(offset + 1, PageSize);
    }

    public static void WriteItems(Utf8JsonWriter json, PaginatedApiItemRange range)
    {
        json.WriteStartArray();
        for (var id = range.FirstId; id <= range.LastId; id++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("name", Invariant($"item-{id}"));
            json.WriteString("payload", PayloadOf(id));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string PayloadOf(long id)
    {
        var phrase = Invariant($"payload of item {id}; ");
        var payload = new StringBuilder(PayloadLength + phrase.Length);
        while (payload.Length < PayloadLength)
        {
            payload.Append(phrase);
        }

        return payload.ToString(0, PayloadLength);
    }
}
