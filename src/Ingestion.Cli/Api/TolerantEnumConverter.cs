using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Cli.Api;

/// <summary>
/// Reads an enum by name, case-insensitively, and a name this client does not know (one a newer API added) as
/// <paramref name="unknown"/> instead of failing the whole answer.
/// </summary>
public sealed class TolerantEnumConverter<T>(T unknown) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return unknown;
        }

        var name = reader.GetString();
        return Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(name, out _)
            ? value
            : unknown;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
