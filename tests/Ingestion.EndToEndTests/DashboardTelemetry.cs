using System.Text.Json;

namespace Ingestion.EndToEndTests;

/// <summary>
/// The Aspire dashboard's telemetry API (<c>/api/telemetry</c>, OTLP JSON), which serves the spans and structured logs
/// that the dashboard's Traces and Structured logs pages show. The AppHost turns the API on and secures it with its
/// <c>AppHost:DashboardApiKey</c>.
/// </summary>
public sealed class DashboardTelemetry(Uri dashboard, string apiKey) : IDisposable
{
    /// <summary>The dashboard's resource in the AppHost's model.</summary>
    public const string ResourceName = "aspire-dashboard";

    /// <summary>The AppHost's setting that holds the key of the dashboard's API.</summary>
    public const string ApiKeySetting = "AppHost:DashboardApiKey";

    private readonly HttpClient _http = CreateClient(dashboard, apiKey);

    /// <summary>Every span the dashboard holds, of every resource.</summary>
    public async Task<IReadOnlyList<DashboardSpan>> SpansAsync(CancellationToken cancellationToken)
    {
        using var document = await GetAsync("api/telemetry/spans?limit=100000", cancellationToken);
        var spans = new List<DashboardSpan>();
        foreach (var (resource, scope, span) in Records(document, "resourceSpans", "scopeSpans", "spans"))
        {
            spans.Add(new DashboardSpan(
                resource,
                scope,
                span.GetProperty("traceId").GetString()!,
                span.GetProperty("spanId").GetString()!,
                span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } parentId ? parentId : null,
                span.GetProperty("name").GetString()!,
                span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) && code.GetInt32() == 2,
                Attributes(span)));
        }

        return spans;
    }

    /// <summary>Every structured log record the dashboard holds, of every resource.</summary>
    public async Task<IReadOnlyList<DashboardLogRecord>> LogsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetAsync("api/telemetry/logs?limit=100000", cancellationToken);
        var records = new List<DashboardLogRecord>();
        foreach (var (resource, scope, record) in Records(document, "resourceLogs", "scopeLogs", "logRecords"))
        {
            records.Add(new DashboardLogRecord(
                resource,
                scope,
                record.TryGetProperty("severityText", out var severity) ? severity.GetString() ?? "" : "",
                record.TryGetProperty("body", out var body) ? Value(body) : "",
                Attributes(record)));
        }

        return records;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }

    private static IEnumerable<(string Resource, string Scope, JsonElement Record)> Records(
        JsonDocument document, string resourcesName, string scopesName, string recordsName)
    {
        foreach (var resource in document.RootElement.GetProperty("data").GetProperty(resourcesName).EnumerateArray())
        {
            var resourceName = resource.TryGetProperty("resource", out var description)
                ? Attributes(description).GetValueOrDefault("service.name", "")
                : "";
            foreach (var scope in resource.GetProperty(scopesName).EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString() ?? "";
                foreach (var record in scope.GetProperty(recordsName).EnumerateArray())
                {
                    yield return (resourceName, scopeName, record);
                }
            }
        }
    }

    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                attributes[attribute.GetProperty("key").GetString()!] = Value(attribute.GetProperty("value"));
            }
        }

        return attributes;
    }

    // An OTLP AnyValue: one property, stringValue, intValue (a string in OTLP JSON), boolValue, doubleValue...
    private static string Value(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return "";
    }

    private static HttpClient CreateClient(Uri dashboard, string apiKey)
    {
        var http = new HttpClient { BaseAddress = dashboard };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return http;
    }
}

/// <summary>A span as the dashboard holds it.</summary>
public sealed record DashboardSpan(
    string Resource,
    string Scope,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    bool IsError,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

/// <summary>A structured log record as the dashboard holds it; <see cref="Scope"/> is the logger's category.</summary>
public sealed record DashboardLogRecord(
    string Resource,
    string Scope,
    string Severity,
    string Body,
    IReadOnlyDictionary<string, string> Attributes);
