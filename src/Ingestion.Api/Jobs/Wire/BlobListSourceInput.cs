using System.ComponentModel;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("""A list of URLs kept in a blob of the service's storage account, one URL per line: page n is the n-th URL. Example: {"urlsBlob": {"container": "lists", "name": "urls.txt"}}.""")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BlobListSourceInput : SourceInput
{
    [ConstantValue("list")]
    public string? Kind { get; init; }

    public required BlobInput UrlsBlob { get; init; }

    [Description("Whether a source with no pages at all ends Completed. By default it ends Failed: an empty source is far more often a wrong URL than an empty API.")]
    [DefaultValue(false)]
    public bool? AllowEmpty { get; init; }
}
