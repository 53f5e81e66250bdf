using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// One of the shapes a job's source takes (a variant of <see cref="SourceInput"/>): the kind of source it makes, the
/// fields that make it (those it requires) and every field it takes, by the C# names of their properties.
/// </summary>
internal sealed record SourceShape(Type Record, SourceKind Kind, string KindName, IReadOnlyList<string> MakingFields, IReadOnlySet<string> Fields)
{
    public bool Takes(string property) => Fields.Contains(property);
}
