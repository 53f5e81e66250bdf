namespace Ingestion.Inspection;

/// <summary>Reads RFC 8288 <c>Link</c> header values: <c>&lt;uri&gt;; rel="next"; title="…", &lt;uri&gt;; rel=last</c>.</summary>
public static class LinkHeader
{
    /// <summary>
    /// The target of the first link whose <c>rel</c> includes <paramref name="relation"/> (case-insensitive), resolved
    /// against <paramref name="baseUri"/>; null when there is none.
    /// </summary>
    public static Uri? Find(IEnumerable<string> values, string relation, Uri baseUri)
    {
        foreach (var value in values)
        {
            var position = 0;
            while (NextLink(value, ref position) is var (target, parameters))
            {
                if (HasRelation(parameters, relation) && Uri.TryCreate(baseUri, target, out var resolved))
                {
                    return resolved;
                }
            }
        }

        return null;
    }

    /// <summary>The next <c>&lt;target&gt;; params</c> in a header value, or null at its end.</summary>
    private static (string Target, string Parameters)? NextLink(string value, ref int position)
    {
        var open = value.IndexOf('<', position);
        if (open < 0)
        {
            return null;
        }

        var close = value.IndexOf('>', open + 1);
        if (close < 0)
        {
            return null;
        }

        // Parameters run to the next comma outside a quoted string.
        var end = close + 1;
        var quoted = false;
        while (end < value.Length && (quoted || value[end] != ','))
        {
            if (value[end] == '"')
            {
                quoted = !quoted;
            }
            else if (value[end] == '\\' && quoted)
            {
                end++;
            }

            end++;
        }

        position = end;
        return (value[(open + 1)..close].Trim(), value[(close + 1)..Math.Min(end, value.Length)]);
    }

    private static bool HasRelation(string parameters, string relation)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // rel may hold several space-separated relation types: rel="next last".
            var types = parameter[(equals + 1)..].Trim().Trim('"');
            return types.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Any(type => type.Equals(relation, StringComparison.OrdinalIgnoreCase));
        }

        return false;
    }
}
