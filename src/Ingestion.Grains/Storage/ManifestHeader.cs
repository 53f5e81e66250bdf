using System.Text.Json;

namespace Ingestion.Storage;

/// <summary>Reads the job id from the start of a manifest, which the writer always puts first.</summary>
internal static class ManifestHeader
{
    /// <summary>The <c>jobId</c> among the first fields of <paramref name="head"/> (the start of a manifest), or null.</summary>
    public static Guid? JobIdOf(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isJobId = reader.ValueTextEquals("jobId");
                if (!reader.Read())
                {
                    return null;
                }

                if (isJobId)
                {
                    return reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id) ? id : null;
                }

                if (!reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON, or not a manifest: no job named.
        }

        return null;
    }
}
