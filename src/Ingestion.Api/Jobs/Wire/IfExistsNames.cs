using System.Reflection;
using Ingestion.Api.ApiReference;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The names <c>destination.ifExists</c> takes, as <see cref="DestinationInput.IfExists"/> lists them
/// (<see cref="AllowedNamesAttribute"/>), each the name of an <see cref="IfPrefixExists"/>.
/// </summary>
internal static class IfExistsNames
{
    private static readonly (string Name, IfPrefixExists Policy)[] Names =
    [
        .. typeof(DestinationInput).GetProperty(nameof(DestinationInput.IfExists))!.GetCustomAttribute<AllowedNamesAttribute>()!.Names
            .Select(name => (name, Enum.Parse<IfPrefixExists>(name, ignoreCase: true))),
    ];

    /// <summary>The policy a name names, whatever its case; null for any other name.</summary>
    public static IfPrefixExists? Parse(string name) =>
        Names.FirstOrDefault(known => string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Policy
            : null;

    public static string NameOf(IfPrefixExists policy) => Names.First(known => known.Policy == policy).Name;
}
