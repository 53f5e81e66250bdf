using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ingestion.Cli.Api;

/// <summary>
/// The ingestion service's HTTP API, typed. Every error status becomes an <see cref="ApiProblemException"/> and every
/// failure to get an answer an <see cref="ApiUnreachableException"/>, so commands deal in outcomes, not in HTTP.
/// </summary>
public sealed class IngestionApiClient(HttpClient http)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The API's root; requests go to paths under it.</summary>
    public Uri ApiUrl => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient has no BaseAddress.");

    /// <summary>Submits a job spec as written, so that the API judges exactly what the user wrote.</summary>
    public async Task<JobView> SubmitJobAsync(string specJson, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = Json(specJson) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        return await SendForJsonAsync<JobView>(request, cancellationToken);
    }

    public async Task<JobView> GetJobAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, JobPath(id));
        return await SendForJsonAsync<JobView>(request, cancellationToken);
    }

    /// <summary>The job exactly as the API wrote it, for output that other tools read.</summary>
    public Task<string> GetJobJsonAsync(Guid id, CancellationToken cancellationToken) =>
        GetStringAsync(JobPath(id), cancellationToken);

    public async Task<ContinuedListing<JobSummary>> ListJobsAsync(int? take, string? continuation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, JobsPath(take, continuation));
        return await SendForJsonAsync<ContinuedListing<JobSummary>>(request, cancellationToken);
    }

    /// <summary>The job list exactly as the API wrote it, for output that other tools read.</summary>
    public Task<string> ListJobsJsonAsync(int? take, string? continuation, CancellationToken cancellationToken) =>
        GetStringAsync(JobsPath(take, continuation), cancellationToken);

    public Task<Listing<PageRecord>> ListPagesAsync(
        Guid id,
        PageStatus? status,
        int? skip,
        int? take,
        CancellationToken cancellationToken) =>
        ListPagesAsync<PageRecord>(id, status, skip, take, cancellationToken);

    /// <summary>
    /// A job's pages with each item as the API wrote it, fields this client does not know included, for output that
    /// other tools read one item at a time.
    /// </summary>
    public Task<Listing<JsonElement>> ListPagesAsJsonItemsAsync(
        Guid id,
        PageStatus? status,
        int? skip,
        int? take,
        CancellationToken cancellationToken) =>
        ListPagesAsync<JsonElement>(id, status, skip, take, cancellationToken);

    /// <summary>A slice of a job's pages exactly as the API wrote it, for output that other tools read.</summary>
    public Task<string> ListPagesJsonAsync(
        Guid id,
        PageStatus? status,
        int? skip,
        int? take,
        CancellationToken cancellationToken) =>
        GetStringAsync(PagesPath(id, status, skip, take), cancellationToken);

    public async Task<JobView> CancelJobAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{JobPath(id)}/cancel");
        return await SendForJsonAsync<JobView>(request, cancellationToken);
    }

    /// <summary>Runs an ended job again over the pages it did not store; answers the job, running again.</summary>
    public async Task<JobView> RetryFailedPagesAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{JobPath(id)}/retry-failed");
        return await SendForJsonAsync<JobView>(request, cancellationToken);
    }

    /// <summary>
    /// Opens the job's Server-Sent Events stream, resuming after <paramref name="lastEventId"/> when given. The caller
    /// owns the response and reads its body as it arrives.
    /// </summary>
    public async Task<HttpResponseMessage> OpenJobEventsAsync(Guid id, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{JobPath(id)}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async Task<PipelineView> CreatePipelineAsync(string specJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/pipelines") { Content = Json(specJson) };
        return await SendForJsonAsync<PipelineView>(request, cancellationToken);
    }

    public async Task<PipelineView> ReplacePipelineAsync(Guid id, string specJson, bool resetWatermark, CancellationToken cancellationToken)
    {
        var path = PipelinePath(id) + Query(("resetWatermark", resetWatermark ? "true" : null));
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Json(specJson) };
        return await SendForJsonAsync<PipelineView>(request, cancellationToken);
    }

    public async Task<PipelineView> GetPipelineAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PipelinePath(id));
        return await SendForJsonAsync<PipelineView>(request, cancellationToken);
    }

    public Task<string> GetPipelineJsonAsync(Guid id, CancellationToken cancellationToken) =>
        GetStringAsync(PipelinePath(id), cancellationToken);

    public async Task<Listing<PipelineSummary>> ListPipelinesAsync(int? skip, int? take, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/pipelines" + Paging(skip, take));
        return await SendForJsonAsync<Listing<PipelineSummary>>(request, cancellationToken);
    }

    public Task<string> ListPipelinesJsonAsync(int? skip, int? take, CancellationToken cancellationToken) =>
        GetStringAsync("api/pipelines" + Paging(skip, take), cancellationToken);

    public async Task<PipelineView> SetPipelinePausedAsync(Guid id, bool paused, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PipelinePath(id)}/{(paused ? "pause" : "resume")}");
        return await SendForJsonAsync<PipelineView>(request, cancellationToken);
    }

    public async Task<PipelineRun> TriggerPipelineAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PipelinePath(id)}/trigger");
        return await SendForJsonAsync<PipelineRun>(request, cancellationToken);
    }

    public async Task<Listing<PipelineRun>> ListPipelineRunsAsync(Guid id, int? skip, int? take, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{PipelinePath(id)}/runs" + Paging(skip, take));
        return await SendForJsonAsync<Listing<PipelineRun>>(request, cancellationToken);
    }

    public Task<string> ListPipelineRunsJsonAsync(Guid id, int? skip, int? take, CancellationToken cancellationToken) =>
        GetStringAsync($"{PipelinePath(id)}/runs" + Paging(skip, take), cancellationToken);

    public async Task DeletePipelineAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, PipelinePath(id));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static string PipelinePath(Guid id) => $"api/pipelines/{id}";

    private static string Paging(int? skip, int? take) =>
        Query(("skip", skip?.ToString(CultureInfo.InvariantCulture)), ("take", take?.ToString(CultureInfo.InvariantCulture)));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string JobPath(Guid id) => $"api/jobs/{id}";

    private static string JobsPath(int? take, string? continuation) =>
        "api/jobs" + Query(("take", take?.ToString(CultureInfo.InvariantCulture)), ("continuation", continuation));

    private static string PagesPath(Guid id, PageStatus? status, int? skip, int? take) =>
        $"{JobPath(id)}/pages" + Query(
            ("status", status is { } s ? ApiJson.QueryValue(s) : null),
            ("skip", skip?.ToString(CultureInfo.InvariantCulture)),
            ("take", take?.ToString(CultureInfo.InvariantCulture)));

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    private async Task<Listing<T>> ListPagesAsync<T>(
        Guid id,
        PageStatus? status,
        int? skip,
        int? take,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PagesPath(id, status, skip, take));
        return await SendForJsonAsync<Listing<T>>(request, cancellationToken);
    }

    private async Task<string> GetStringAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<T> SendForJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new ApiProblemException(response.StatusCode, new ProblemDetails { Title = "The API answered with an empty body." });
    }

    /// <summary>Sends the request; a success status returns the response, anything else throws.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new ApiUnreachableException(ApiUrl, Reason(exception), exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiUnreachableException(ApiUrl, $"no answer within {http.Timeout.TotalSeconds:0} seconds.", exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new ApiProblemException(response.StatusCode, await ReadProblemAsync(response, cancellationToken));
        }
    }

    private static async Task<ProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            // A proxy's error page, say: the status alone still tells what happened.
            return null;
        }
    }

    /// <summary>The innermost useful reason, e.g. "Connection refused", rather than the whole exception chain.</summary>
    private static string Reason(HttpRequestException exception) => exception.InnerException switch
    {
        SocketException socket => socket.Message.TrimEnd('.') + ".",
        IOException io => io.Message.TrimEnd('.') + ".",
        _ => exception.Message,
    };
}
