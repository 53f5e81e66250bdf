using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("""A list of URLs given inline: page n is the n-th URL. Example: {"urls": ["https://api.example.com/a", "https://api.example.com/b"]}.""")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UrlListSourceInput : SourceInput, IListSourceInput
{
    public string? Kind { get; init; }

    [Description("Absolute http or https URLs, each up to 8192 characters (Ingestion:Limits:MaxUrlLength).")]
    [MinLength(1)]
    public required IReadOnlyList<string> Urls { get; init; }
}
