using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The field of both list shapes (<see cref="UrlListSourceInput"/> and <see cref="BlobListSourceInput"/>), declared once
/// for both (<see cref="SharedWireFields"/>).
/// </summary>
public interface IListSourceInput
{
    [ConstantValue("list")]
    string? Kind { get; }
}
