using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The names <c>destination.ifExists</c> takes, as <see cref="DestinationInput.IfExists"/> lists them, each the name of
/// an <see cref="IfPrefixExists"/>.
/// </summary>
internal static class IfExistsNames
{
    /// <summary>The policy a name names, whatever its case; null for any other name.</summary>
    public static IfPrefixExists? Parse(string name) =>
        NamedChoices<IfPrefixExists>.Parse(typeof(DestinationInput), nameof(DestinationInput.IfExists), name);

    public static string NameOf(IfPrefixExists policy) =>
        NamedChoices<IfPrefixExists>.NameOf(typeof(DestinationInput), nameof(DestinationInput.IfExists), policy);
}
