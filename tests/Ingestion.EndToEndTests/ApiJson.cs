using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.EndToEndTests;

/// <summary>The API's JSON conventions: camelCase, enums by name.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
