using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs;

/// <summary>
/// Whether two job specs ask for the same job. <see cref="JobSpec"/> holds a dictionary and a list, which record
/// equality compares by reference, so both specs are serialised the same way and the text is compared instead. Every
/// member is written, nested ones and those added later included; only those marked <c>[JsonIgnore]</c>, which are
/// computed from the others, are left out.
/// </summary>
public static class JobSpecEquivalence
{
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new CanonicalHeadersConverter() },
    };

    public static bool AreSame(JobSpec first, JobSpec second) =>
        ReferenceEquals(first, second)
        || JsonSerializer.SerializeToUtf8Bytes(first, Canonical).AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(second, Canonical));

    /// <summary>
    /// Writes headers with lower-case names in ordinal order: header names are case-insensitive, and a dictionary's
    /// order depends on its hash codes, which need not match once the spec has been through the grain and back.
    /// </summary>
    private sealed class CanonicalHeadersConverter : JsonConverter<ImmutableDictionary<string, string>>
    {
        public override ImmutableDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only used to write specs for comparison.");

        public override void Write(Utf8JsonWriter writer, ImmutableDictionary<string, string> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (name, headerValue) in value
                .Select(header => (Name: header.Key.ToLowerInvariant(), header.Value))
                .OrderBy(header => header.Name, StringComparer.Ordinal))
            {
                writer.WriteString(name, headerValue);
            }

            writer.WriteEndObject();
        }
    }
}
