using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// Writes a contract value as the wire record it maps to. Never reads one: a spec comes in through the job spec
/// parser, which reports every bad field, not through the serializer.
/// </summary>
public sealed class WireConverter<TContract, TWire>(Func<TContract, TWire> toWire) : JsonConverter<TContract>
{
    public override TContract Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"A {typeof(TContract).Name} is read by the job spec parser, which reports every bad field.");

    public override void Write(Utf8JsonWriter writer, TContract value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, toWire(value), options);
}
