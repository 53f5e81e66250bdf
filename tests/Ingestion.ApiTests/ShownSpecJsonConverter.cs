using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Api.Jobs;
using Ingestion.Jobs;
using Ingestion.Networking;
using Microsoft.Extensions.Options;

namespace Ingestion.ApiTests;

/// <summary>
/// Reads a job's spec as the API shows it back through the API's own parser, as submitting it again would: a job view
/// whose spec POST /api/jobs would refuse fails the test that reads it. The tests' upstream is on loopback, which the
/// API they talk to allows.
/// </summary>
internal sealed class ShownSpecJsonConverter : JsonConverter<JobSpec>
{
    private static readonly JobSpecParser Parser = new(
        Options.Create(new JobLimits()),
        Options.Create(new OutboundOptions { AllowPrivateNetworks = true }));

    public override JobSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var shown = JsonDocument.ParseValue(ref reader);
        var errors = new ValidationErrors();
        return Parser.Parse(shown.RootElement, errors) is { } spec && !errors.Any
            ? spec
            : throw new JsonException(
                $"The spec a job shows is not one POST /api/jobs takes: {string.Join("; ", errors.ToDictionary().Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"))}");
    }

    public override void Write(Utf8JsonWriter writer, JobSpec value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The tests read job views; they write specs as users do, as JSON text.");
}
