using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("""A list of URLs kept in a blob of the service's storage account, one URL per line: page n is the n-th URL. Example: {"urlsBlob": {"container": "lists", "name": "urls.txt"}}.""")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BlobListSourceInput : SourceInput, IListSourceInput, IMayBeEmptySourceInput
{
    public string? Kind { get; init; }

    public required BlobInput UrlsBlob { get; init; }

    public bool? AllowEmpty { get; init; }
}
