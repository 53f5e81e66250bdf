using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

[Description("A blob in the service's storage account.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BlobInput
{
    [Description("The container's name.")]
    [MinLength(1)]
    public required string Container { get; init; }

    [Description("The blob's name within the container.")]
    [MinLength(1)]
    public required string Name { get; init; }
}
