using System.Globalization;
using System.Text.Json;

namespace Ingestion.Inspection;

/// <summary>Evaluates RFC 6901 JSON pointers (<c>/meta/cursor</c>, <c>/items/0/id</c>, <c>""</c> for the whole document).</summary>
public static class JsonPointer
{
    /// <summary>Whether <paramref name="path"/> is a syntactically valid pointer.</summary>
    public static bool IsValid(string path)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '~' && (i + 1 >= path.Length || path[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The element the pointer refers to, or null when the document has nothing there.</summary>
    public static JsonElement? Evaluate(JsonElement root, string path)
    {
        if (!IsValid(path))
        {
            throw new ArgumentException($"'{path}' is not a JSON pointer.", nameof(path));
        }

        var current = root;
        if (path.Length == 0)
        {
            return current;
        }

        foreach (var raw in path[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(token, out var property):
                    current = property;
                    break;
                case JsonValueKind.Array
                    when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                        && (token == "0" || token[0] != '0')
                        && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }
}
