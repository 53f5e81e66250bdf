using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The fields of every range shape (<see cref="RangeSourceInput"/>, <see cref="OpenRangeSourceInput"/> and
/// <see cref="DiscoveredRangeSourceInput"/>), declared once for all of them (<see cref="SharedWireFields"/>).
/// </summary>
public interface IRangeSourceInput
{
    [ConstantValue("range")]
    string? Kind { get; }

    [Description("An absolute http or https URL with {page}, or {offset} and {limit} with pageSize.")]
    [MinLength(1)]
    string UrlTemplate { get; }

    [Description("Items per page, for {offset} and {limit}; required when the template uses them.")]
    [Range(1, 1_000_000)]
    int? PageSize { get; }
}
