using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Api.Pipelines.Wire;
using Ingestion.Jobs;
using Ingestion.Pipelines;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The contract types that users write too, and the wire records the API writes them as. Every job the API returns
/// (its GET, POST's answer, cancel, retry-failed, the event stream) is written with the endpoints' JSON options, and so
/// shows its spec, and its destination, in the shape <c>POST /api/jobs</c> takes: a spec can be copied from a job and
/// submitted again as it is; every pipeline likewise shows its spec in the shape <c>POST /api/pipelines</c> takes. The
/// OpenAPI document describes them the same way.
/// </summary>
public static class WireJson
{
    private static readonly (Type Contract, Type Wire, JsonConverter Converter)[] Shapes =
    [
        Shape<JobSpec, JobSpecInput>(JobSpecInputMapping.ToInput),
        Shape<DestinationSpec, DestinationInput>(JobSpecInputMapping.ToInput),
        Shape<PipelineSpec, PipelineSpecInput>(PipelineSpecInputMapping.ToInput),
    ];

    /// <summary>Makes <paramref name="options"/> write the contract types as their wire records.</summary>
    public static JsonSerializerOptions WriteContractsAsWireRecords(this JsonSerializerOptions options)
    {
        foreach (var shape in Shapes)
        {
            options.Converters.Add(shape.Converter);
        }

        return options;
    }

    /// <summary>The wire record that a contract type is written as, or null when it is written as it is.</summary>
    public static Type? WireTypeOf(Type contract) =>
        Array.Find(Shapes, shape => shape.Contract == contract) is { Wire: { } wire } ? wire : null;

    private static (Type, Type, JsonConverter) Shape<TContract, TWire>(Func<TContract, TWire> toWire) =>
        (typeof(TContract), typeof(TWire), new WireConverter<TContract, TWire>(toWire));
}
