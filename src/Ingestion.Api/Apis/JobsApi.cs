using System.Text.Json;
using Ingestion.Api.Jobs;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Api.Apis;

public static class JobsApi
{
    private const int DefaultTake = 100;
    private const int MaxTake = 1_000;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/jobs").WithTags("Jobs");

        api.MapPost("/", CreateJob)
            .WithName("CreateJob")
            .WithSummary("Submit an ingestion job")
            .Accepts<JsonElement>("application/json");
        api.MapGet("/", ListJobs)
            .WithName("ListJobs")
            .WithSummary("List jobs, newest first");
        api.MapGet("/{id}", GetJob)
            .WithName("GetJob")
            .WithSummary("Get a job and its progress");
        api.MapGet("/{id}/pages", ListPages)
            .WithName("ListPages")
            .WithSummary("List a job's pages, optionally in one status");

        return app;
    }

    public static async Task<Results<Accepted<JobView>, ValidationProblem>> CreateJob(
        HttpRequest request,
        [AsParameters] JobServices services,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException exception)
        {
            errors.Add("$", $"The body is not valid JSON: {exception.Message}");
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The job spec is not valid.");
        }

        using (document)
        {
            var id = Guid.CreateVersion7();
            var spec = services.Parser.Parse(document.RootElement, id, errors);
            if (spec is null)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The job spec is not valid.");
            }

            var job = await services.Grains.GetGrain<IIngestionJobGrain>(id).Start(spec);
            return TypedResults.Accepted($"/api/jobs/{id}", job);
        }
    }

    public static async Task<Results<Ok<Listing<JobSummary>>, ValidationProblem>> ListJobs(
        [AsParameters] JobServices services,
        int? skip,
        int? take)
    {
        if (PagingProblems(skip, take) is { } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var jobs = await services.Grains.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key).List(skip ?? 0, take ?? DefaultTake);
        return TypedResults.Ok(jobs);
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJob(string id, [AsParameters] JobServices services)
    {
        var job = Guid.TryParse(id, out var jobId)
            ? await services.Grains.GetGrain<IIngestionJobGrain>(jobId).GetView()
            : null;
        return job is null ? JobNotFound(id) : TypedResults.Ok(job);
    }

    public static async Task<Results<Ok<Listing<PageRecord>>, ValidationProblem, ProblemHttpResult>> ListPages(
        string id,
        [AsParameters] JobServices services,
        string? status,
        int? skip,
        int? take)
    {
        var problems = PagingProblems(skip, take) ?? [];
        PageStatus? pageStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<PageStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                pageStatus = parsed;
            }
            else
            {
                problems["status"] = [$"Must be one of: {string.Join(", ", Enum.GetNames<PageStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}."];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var pages = Guid.TryParse(id, out var jobId)
            ? await services.Grains.GetGrain<IIngestionJobGrain>(jobId).GetPages(pageStatus, skip ?? 0, take ?? DefaultTake)
            : null;
        return pages is null ? JobNotFound(id) : TypedResults.Ok(pages);
    }

    private static Dictionary<string, string[]>? PagingProblems(int? skip, int? take)
    {
        var problems = new Dictionary<string, string[]>();
        if (skip < 0)
        {
            problems["skip"] = ["Must be 0 or more."];
        }

        if (take is < 1 or > MaxTake)
        {
            problems["take"] = [$"Must be from 1 to {MaxTake}."];
        }

        return problems.Count > 0 ? problems : null;
    }

    private static ProblemHttpResult JobNotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Job not found.",
            detail: $"No job has the id '{id}'.");
}
