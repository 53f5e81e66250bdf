using System.Text.Json;
using Ingestion.Api.Jobs;
using Ingestion.Jobs;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests;

/// <summary>Runs the job spec parser on JSON text, as the API does on a request body.</summary>
internal static class JobSpecParsing
{
    public static readonly Guid JobId = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    public static (JobSpec? Spec, Dictionary<string, string[]> Errors) Parse(string json, JobLimits? limits = null)
    {
        var parser = new JobSpecParser(Options.Create(limits ?? new JobLimits()));
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var spec = parser.Parse(document.RootElement, errors);
        return (spec, errors.ToDictionary());
    }

    /// <summary>Parses a spec that has only the given source.</summary>
    public static (JobSpec? Spec, Dictionary<string, string[]> Errors) ParseSource(string sourceJson, JobLimits? limits = null) =>
        Parse($$"""{ "source": {{sourceJson}} }""", limits);
}
