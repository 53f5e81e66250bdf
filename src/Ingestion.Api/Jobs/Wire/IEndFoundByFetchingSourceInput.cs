using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The field of the shapes whose end is found by fetching (<see cref="OpenRangeSourceInput"/> and
/// <see cref="FollowSourceInput"/>), declared once for both (<see cref="SharedWireFields"/>); a followed source says in
/// words of its own what an empty page ends.
/// </summary>
public interface IEndFoundByFetchingSourceInput
{
    [Description("A JSON Pointer (RFC 6901) to the array of items in a page; a page where that array is empty is past the end. Left out, an empty body or [] is.")]
    [RegularExpression(InputPatterns.JsonPointer)]
    string? StopWhenEmpty { get; }
}
