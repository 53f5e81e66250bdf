using System.Text.Json;

namespace Ingestion.Api.Jobs;

/// <summary>
/// A \u escape of half a surrogate pair is valid JSON but no string: reading it would throw, so a spec that holds one
/// is refused before any of it is read.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>The path of the first property name or string that cannot be read as UTF-16, or null when all can.</summary>
    public static string? PathOfFirst(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (PathOfFirst(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                    {
                        return path;
                    }

                    if (PathOfFirst(property.Value, FieldSet.Join(path, name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
