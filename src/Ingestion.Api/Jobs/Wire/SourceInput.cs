using System.ComponentModel;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>The shapes a job's <c>source</c> takes; which one is meant follows from the fields given.</summary>
[Description("Exactly one of the source shapes. The optional kind must agree with the fields given.")]
[OneOfTypes(
    typeof(RangeSourceInput),
    typeof(OpenRangeSourceInput),
    typeof(DiscoveredRangeSourceInput),
    typeof(UrlListSourceInput),
    typeof(BlobListSourceInput),
    typeof(FollowSourceInput))]
public abstract record SourceInput;
