using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Storage;

/// <summary>How manifests are written and read: camelCase, enums by name, nulls left out.</summary>
public static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
