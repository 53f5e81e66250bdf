using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.ApiTests;

/// <summary>What /openapi/v1.json says about the API: every endpoint, every answer it gives, and the API key.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiEnvironment environment)
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Every /api endpoint and the statuses it answers with, errors included.</summary>
    public static TheoryData<string, string, int[]> Operations => new()
    {
        { "post", "/api/jobs", [202, 400, 401, 409, 413] },
        { "get", "/api/jobs", [200, 400, 401] },
        { "get", "/api/jobs/{id}", [200, 401, 404] },
        { "get", "/api/jobs/{id}/pages", [200, 400, 401, 404, 410] },
        { "get", "/api/jobs/{id}/records", [200, 401, 404] },
        { "post", "/api/jobs/{id}/cancel", [200, 401, 404, 409] },
        { "post", "/api/jobs/{id}/retry-failed", [202, 401, 404, 409] },
        { "get", "/api/jobs/{id}/events", [200, 401, 404] },
        { "post", "/api/pipelines", [201, 400, 401, 413] },
        { "get", "/api/pipelines", [200, 400, 401] },
        { "get", "/api/pipelines/{id}", [200, 401, 404] },
        { "put", "/api/pipelines/{id}", [200, 400, 401, 404, 413] },
        { "delete", "/api/pipelines/{id}", [204, 401, 404] },
        { "post", "/api/pipelines/{id}/pause", [200, 401, 404] },
        { "post", "/api/pipelines/{id}/resume", [200, 401, 404] },
        { "post", "/api/pipelines/{id}/trigger", [202, 401, 404, 409] },
        { "get", "/api/pipelines/{id}/runs", [200, 400, 401, 404] },
    };

    [Fact]
    public async Task The_document_describes_every_endpoint_the_api_maps()
    {
        using var document = await GetDocumentAsync();

        var mapped = environment.ApiServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method.ToLowerInvariant()} /{endpoint.RoutePattern.RawText!.TrimStart('/').TrimEnd('/')}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(mapped, described);
        Assert.Equal(Operations.Select(row => $"{row.Data.Item1} {row.Data.Item2}").Order(StringComparer.Ordinal), described);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_operation_lists_its_answers_with_problem_details_for_errors(string method, string path, int[] statuses)
    {
        using var document = await GetDocumentAsync();
        var responses = Operation(document, method, path).GetProperty("responses");

        Assert.Equal(statuses.Select(status => status.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            responses.EnumerateObject().Select(response => response.Name).Order(StringComparer.Ordinal));
        foreach (var error in responses.EnumerateObject().Where(response => response.Name[0] is '4' or '5'))
        {
            var schema = error.Value.GetProperty("content").GetProperty(ProblemJson).GetProperty("schema").GetProperty("$ref").GetString();
            var expected = error.Name == "400" ? "HttpValidationProblemDetails" : "ProblemDetails";
            Assert.Equal($"#/components/schemas/{expected}", schema);
        }
    }

    [Fact]
    public async Task The_api_key_is_the_security_scheme_of_every_api_operation()
    {
        using var document = await GetDocumentAsync();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        foreach (var (method, path, _) in Operations.Select(row => row.Data))
        {
            var requirement = Assert.Single(Operation(document, method, path).GetProperty("security").EnumerateArray());
            Assert.Equal("ApiKey", Assert.Single(requirement.EnumerateObject()).Name);
        }
    }

    [Fact]
    public async Task The_job_submission_documents_its_body_headers_and_location()
    {
        using var document = await GetDocumentAsync();
        var operation = Operation(document, "post", "/api/jobs");

        Assert.Equal(
            "#/components/schemas/JobSpecInput",
            operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), parameter =>
            parameter.GetProperty("name").GetString() == "Idempotency-Key" && parameter.GetProperty("in").GetString() == "header");
        Assert.True(operation.GetProperty("responses").GetProperty("202").GetProperty("headers").TryGetProperty("Location", out _));
    }

    [Fact]
    public async Task The_job_spec_schema_has_every_top_level_field_with_its_bounds_and_defaults()
    {
        using var document = await GetDocumentAsync();
        var spec = Schema(document, "JobSpecInput");
        var properties = spec.GetProperty("properties");

        Assert.Equal(
            ["concurrency", "destination", "failure", "headers", "maxPages", "name", "politeness", "records", "requestTimeoutSeconds", "retry", "source"],
            properties.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["source"], spec.GetProperty("required").EnumerateArray().Select(name => name.GetString()));
        Assert.False(spec.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(1, properties.GetProperty("concurrency").GetProperty("minimum").GetInt32());
        Assert.Equal(256, properties.GetProperty("concurrency").GetProperty("maximum").GetInt32());
        Assert.Equal(16, properties.GetProperty("concurrency").GetProperty("default").GetInt32());
        Assert.Equal(30, properties.GetProperty("requestTimeoutSeconds").GetProperty("default").GetInt32());
        Assert.Equal(100_000, properties.GetProperty("maxPages").GetProperty("default").GetInt32());
        Assert.Equal(5, Schema(document, "RetryInput").GetProperty("properties").GetProperty("maxAttempts").GetProperty("default").GetInt32());
        Assert.Equal("ingest", Schema(document, "DestinationInput").GetProperty("properties").GetProperty("container").GetProperty("default").GetString());
        Assert.Equal(
            ["maxRequestsPerSecond", "respectRobotsTxt"],
            Schema(document, "PolitenessInput").GetProperty("properties").EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task The_records_schema_lists_the_formats_and_granularities_by_their_wire_names_with_bounds_and_defaults()
    {
        using var document = await GetDocumentAsync();
        var records = Schema(document, "RecordsInput").GetProperty("properties");
        var partition = Schema(document, "RecordPartitionInput");

        Assert.Equal(
            ["pointer", "format", "partitionBy", "targetFileMiB", "lineage", "keepPages"],
            records.EnumerateObject().Select(property => property.Name));
        Assert.Equal(["parquet", "jsonl.gz"], records.GetProperty("format").GetProperty("enum").EnumerateArray().Select(name => name.GetString()));
        Assert.Equal("parquet", records.GetProperty("format").GetProperty("default").GetString());
        Assert.Equal("", records.GetProperty("pointer").GetProperty("default").GetString());
        Assert.Equal(1, records.GetProperty("targetFileMiB").GetProperty("minimum").GetInt32());
        Assert.Equal(1024, records.GetProperty("targetFileMiB").GetProperty("maximum").GetInt32());
        Assert.Equal(128, records.GetProperty("targetFileMiB").GetProperty("default").GetInt32());
        Assert.Equal(["pointer"], Required(partition));
        Assert.Equal(
            ["hour", "day", "month"],
            partition.GetProperty("properties").GetProperty("granularity").GetProperty("enum").EnumerateArray().Select(name => name.GetString()));
    }

    [Fact]
    public async Task The_source_is_exactly_one_of_the_source_kinds()
    {
        using var document = await GetDocumentAsync();

        var variants = Schema(document, "SourceInput").GetProperty("oneOf").EnumerateArray()
            .Select(variant => variant.GetProperty("$ref").GetString()!.Split('/')[^1])
            .ToList();

        Assert.Equal(
            ["RangeSourceInput", "OpenRangeSourceInput", "DiscoveredRangeSourceInput", "UrlListSourceInput", "BlobListSourceInput", "FollowSourceInput"],
            variants);
        Assert.Equal(["range", "range", "range", "list", "list", "follow"], variants.Select(variant =>
            Schema(document, variant).GetProperty("properties").GetProperty("kind").GetProperty("enum")[0].GetString()));
        Assert.Equal(["from", "to"], Required(Schema(document, "PageRangeInput")));
        Assert.Equal(["from"], Schema(document, "OpenPageRangeInput").GetProperty("properties").EnumerateObject().Select(property => property.Name));
        Assert.Equal(
            [["totalPages"], ["totalItems"]],
            Schema(document, "DiscoveredRangeSourceInput").GetProperty("oneOf").EnumerateArray().Select(Required));
        Assert.Equal(
            [["header"], ["jsonPointer"], ["linkLast"]],
            Schema(document, "TotalPagesInput").GetProperty("oneOf").EnumerateArray().Select(Required));
        Assert.Equal(
            [["linkHeader"], ["jsonPointer"], ["cursorPointer", "cursorParam"]],
            Schema(document, "NextPageInput").GetProperty("oneOf").EnumerateArray().Select(Required));
    }

    [Fact]
    public async Task The_event_stream_is_described_as_server_sent_events_whose_data_is_the_job()
    {
        using var document = await GetDocumentAsync();
        var operation = Operation(document, "get", "/api/jobs/{id}/events");

        var item = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/event-stream")
            .GetProperty("schema").GetProperty("$ref").GetString()!.Split('/')[^1];
        Assert.Equal("#/components/schemas/JobView", Schema(document, item).GetProperty("properties").GetProperty("data").GetProperty("$ref").GetString());
        Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), parameter =>
            parameter.GetProperty("name").GetString() == "Last-Event-ID" && parameter.GetProperty("in").GetString() == "header");
        Assert.Contains("`heartbeat`", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_view_schema_has_every_field_the_api_writes()
    {
        using var document = await GetDocumentAsync();

        // The names System.Text.Json writes for JobView, as the endpoints write it: camelCase.
        var written = JsonSerializerOptions.Web.GetTypeInfo(typeof(Ingestion.Jobs.JobView)).Properties.Select(property => property.Name);
        var described = Schema(document, "JobView").GetProperty("properties").EnumerateObject().Select(property => property.Name);

        Assert.Equal(written.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
        Assert.Contains("progress", described);
        Assert.Equal(
            ["Running", "Completed", "CompletedWithErrors", "Cancelled", "Failed"],
            Schema(document, "JobStatus").GetProperty("enum").EnumerateArray().Select(value => value.GetString()));
    }

    [Fact]
    public async Task A_job_view_describes_its_spec_and_destination_as_the_submission_does()
    {
        using var document = await GetDocumentAsync();
        var view = Schema(document, "JobView").GetProperty("properties");

        Assert.Equal("#/components/schemas/JobSpecInput", Described(document, view.GetProperty("spec")));
        Assert.Equal("#/components/schemas/DestinationInput", Described(document, view.GetProperty("destination")));
    }

    /// <summary>The schema a property's component stands for: the one its <c>allOf</c> refers to.</summary>
    private static string? Described(JsonDocument document, JsonElement property) =>
        Schema(document, property.GetProperty("$ref").GetString()!.Split('/')[^1])
            .GetProperty("allOf").EnumerateArray().Single().GetProperty("$ref").GetString();

    private async Task<JsonDocument> GetDocumentAsync()
    {
        using var client = environment.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), default, TestContext.Current.CancellationToken);
    }

    private static JsonElement Operation(JsonDocument document, string method, string path) =>
        document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Schema(JsonDocument document, string name) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string?[] Required(JsonElement schema) =>
        [.. schema.GetProperty("required").EnumerateArray().Select(name => name.GetString())];
}
