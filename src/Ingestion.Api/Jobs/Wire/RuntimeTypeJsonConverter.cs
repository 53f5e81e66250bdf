using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// Writes a value of an abstract wire type with the fields of the shape it is. Polymorphism attributes would do the
/// same, but would also add a type discriminator to the JSON and rename the shapes in the OpenAPI document; reading is
/// the job spec parser's work, not the serializer's.
/// </summary>
public sealed class RuntimeTypeJsonConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"A {typeof(TBase).Name} is read by the job spec parser, which reports every bad field.");

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
