using System.Net;
using System.Text.Json;
using Ingestion.Api.Jobs;
using Json.Schema;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.ApiTests;

/// <summary>
/// The job spec's schema in /openapi/v1.json says what POST /api/jobs accepts: a JSON Schema validator and the API's
/// own parser agree on specs in every shape, accepted and refused, and on every spec as a job shows it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class JobSpecSchemaTests(ApiEnvironment environment)
{
    [Theory]
    [MemberData(nameof(JobSpecExamples.Accepted), MemberType = typeof(JobSpecExamples))]
    public async Task A_spec_the_parser_accepts_matches_the_schema(string example, string spec)
    {
        var schema = await LoadJobSpecSchemaAsync();
        using var document = JsonDocument.Parse(spec);

        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, $"{example}: {Describe(results)}");
        Assert.Null(ParserProblems(document));
    }

    [Theory]
    [MemberData(nameof(JobSpecExamples.Refused), MemberType = typeof(JobSpecExamples))]
    public async Task A_spec_the_parser_refuses_does_not_match_the_schema(string example, string spec)
    {
        var schema = await LoadJobSpecSchemaAsync();
        using var document = JsonDocument.Parse(spec);

        var results = schema.Evaluate(document.RootElement);

        Assert.False(results.IsValid, example);
        Assert.NotNull(ParserProblems(document));
    }

    [Theory]
    [MemberData(nameof(JobSpecExamples.Accepted), MemberType = typeof(JobSpecExamples))]
    public async Task A_spec_as_a_job_shows_it_matches_the_schema(string example, string spec)
    {
        var schema = await LoadJobSpecSchemaAsync();
        using var submitted = JsonDocument.Parse(spec);
        var parsed = new JobSpecParser(Options.Create(new JobLimits())).Parse(submitted.RootElement, new ValidationErrors())!;

        // Written as every job view writes it: with the endpoints' JSON options.
        var json = environment.ApiServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        using var shown = JsonDocument.Parse(JsonSerializer.Serialize(parsed, json));
        var results = schema.Evaluate(shown.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, $"{example}: {shown.RootElement.GetRawText()}: {Describe(results)}");
        Assert.Null(ParserProblems(shown));
    }

    [Fact]
    public async Task The_documented_example_body_matches_the_schema_and_the_parser_accepts_it()
    {
        var schema = await LoadJobSpecSchemaAsync();
        using var document = await GetDocumentAsync();
        var example = document.RootElement.GetProperty("paths").GetProperty("/api/jobs").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        using var spec = JsonDocument.Parse(example.GetRawText());

        var results = schema.Evaluate(spec.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
        Assert.Null(ParserProblems(spec));
    }

    /// <summary>The parser's errors for a spec, or null when it accepts it.</summary>
    private static string? ParserProblems(JsonDocument spec)
    {
        var parser = new JobSpecParser(Options.Create(new JobLimits()));
        var errors = new ValidationErrors();
        var parsed = parser.Parse(spec.RootElement, errors);
        return parsed is not null && !errors.Any
            ? null
            : string.Join("; ", errors.ToDictionary().Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
    }

    /// <summary>JobSpecInput from the served document, with the components it refers to, as a JSON Schema of its own.</summary>
    private async Task<JsonSchema> LoadJobSpecSchemaAsync()
    {
        using var document = await GetDocumentAsync();
        var components = document.RootElement.GetProperty("components").GetProperty("schemas").GetRawText()
            .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var text = $$"""{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {{components}}, "$ref": "#/$defs/JobSpecInput"}""";
        return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private async Task<JsonDocument> GetDocumentAsync()
    {
        using var client = environment.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string Describe(EvaluationResults results) =>
        string.Join(
            Environment.NewLine,
            (results.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}")));
}
