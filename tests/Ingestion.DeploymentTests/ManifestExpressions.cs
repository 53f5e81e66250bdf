using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.DeploymentTests;

/// <summary>A reference such as <c>{storage.outputs.blobEndpoint}</c> inside a manifest value.</summary>
/// <param name="Text">The whole reference, braces included.</param>
/// <param name="Resource">
/// The resource it names: <c>storage</c>; empty for azd's own outputs (<c>{.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT}</c>).
/// </param>
/// <param name="Property">The path after it: <c>["outputs", "blobEndpoint"]</c>.</param>
/// <param name="Location">Where in the manifest it was found, for failure messages.</param>
internal sealed record ManifestReference(string Text, string Resource, IReadOnlyList<string> Property, string Location);

internal static partial class ManifestExpressions
{
    public static IReadOnlyList<ManifestReference> ReferencesIn(string value, string location = "") =>
        [.. Reference().Matches(value).Select(match => new ManifestReference(
            match.Value,
            match.Groups["resource"].Value,
            match.Groups["property"].Value.Split('.'),
            location))];

    /// <summary>Every reference in every string of the manifest.</summary>
    public static IEnumerable<ManifestReference> AllReferences(JsonNode? node, string location = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var reference in AllReferences(child, $"{location}.{name}"))
                    {
                        yield return reference;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var reference in AllReferences(array[i], $"{location}[{i}]"))
                    {
                        yield return reference;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                foreach (var reference in ReferencesIn(text, location))
                {
                    yield return reference;
                }

                break;
        }
    }

    /// <summary>Every string value of the manifest, with where it is.</summary>
    public static IEnumerable<(string Location, string Value)> AllStrings(JsonNode? node, string location = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var item in AllStrings(child, $"{location}.{name}"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in AllStrings(array[i], $"{location}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (location, text);
                break;
        }
    }

    [GeneratedRegex(@"\{(?<resource>([A-Za-z0-9][A-Za-z0-9_-]*)?)\.(?<property>[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)\}")]
    private static partial Regex Reference();
}
