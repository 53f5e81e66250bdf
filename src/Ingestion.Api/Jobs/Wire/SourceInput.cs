using System.ComponentModel;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The shapes a job's <c>source</c> takes; which one is meant follows from the fields given. A source is written as the
/// shape it is, with that shape's fields. A field that several shapes take is declared once, on an interface they
/// implement (<see cref="SharedWireFields"/>).
/// </summary>
[Description("Exactly one of the source shapes. The optional kind must agree with the fields given.")]
[OneOfTypes(
    typeof(RangeSourceInput),
    typeof(OpenRangeSourceInput),
    typeof(DiscoveredRangeSourceInput),
    typeof(UrlListSourceInput),
    typeof(BlobListSourceInput),
    typeof(FollowSourceInput))]
[JsonConverter(typeof(RuntimeTypeJsonConverter<SourceInput>))]
public abstract record SourceInput;
