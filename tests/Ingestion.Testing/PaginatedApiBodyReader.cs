using System.Text.Json;

namespace Ingestion.Testing;

/// <summary>
/// Reads the item ids back out of any body <see cref="PaginatedApi"/> sends: a bare array of items, or an object
/// whose <c>items</c> or <c>data</c> holds them. Bodies without items (empty, errors) give no ids.
/// </summary>
internal static class PaginatedApiBodyReader
{
    public static IReadOnlyList<int> ItemIdsIn(ReadOnlySpan<byte> body)
    {
        var ids = new List<int>();
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return ids;
        }

        var json = new Utf8JsonReader(body);
        json.Read();

        if (json.TokenType == JsonTokenType.StartArray)
        {
            ReadItems(ref json, ids);
            return ids;
        }

        if (json.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"Expected a JSON array or object, found {json.TokenType}.");
        }

        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var holdsItems = json.ValueTextEquals("items"u8) || json.ValueTextEquals("data"u8);
            json.Read();
            if (holdsItems && json.TokenType == JsonTokenType.StartArray)
            {
                ReadItems(ref json, ids);
            }
            else
            {
                json.Skip();
            }
        }

        return ids;
    }

    private static void ReadItems(ref Utf8JsonReader json, List<int> ids)
    {
        while (json.Read() && json.TokenType == JsonTokenType.StartObject)
        {
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isId = json.ValueTextEquals("id"u8);
                json.Read();
                if (isId)
                {
                    ids.Add(json.GetInt32());
                }
                else
                {
                    json.Skip();
                }
            }
        }

        if (json.TokenType != JsonTokenType.EndArray)
        {
            throw new FormatException($"Expected an array of item objects, found {json.TokenType}.");
        }
    }
}
