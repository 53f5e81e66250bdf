using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs.Sources;

/// <summary>
/// A source whose every page the spec names: a range with both ends, or a list of URLs given inline. All pages may be
/// handed out at once (within the window), and no response says anything about the rest.
/// </summary>
internal sealed class KnownPagesPlan(SourceSpec source) : PageSetPlan(source);
