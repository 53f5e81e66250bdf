using System.ComponentModel;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The field of the shapes that may turn out to have no pages at all (an open or discovered range, a list in a blob,
/// links followed), declared once for all of them (<see cref="SharedWireFields"/>). The shapes of a known size (a fixed
/// range, a list given inline) say their size instead.
/// </summary>
public interface IMayBeEmptySourceInput
{
    [Description("Whether a source with no pages at all ends Completed. By default it ends Failed: an empty source is far more often a wrong URL than an empty API.")]
    [DefaultValue(false)]
    bool? AllowEmpty { get; }
}
