using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Cli.Api;

/// <summary>The API's JSON conventions: camelCase names, enums as strings, nulls left out.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new TolerantEnumConverter<JobStatus>(JobStatus.Unknown),
            new TolerantEnumConverter<PageStatus>(PageStatus.Unknown),
        },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>How the API spells a page status in a query string, e.g. <c>inFlight</c>.</summary>
    public static string QueryValue(PageStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
