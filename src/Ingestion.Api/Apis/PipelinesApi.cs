using System.ComponentModel;
using Ingestion.Api.Cluster;
using Ingestion.Api.Jobs;
using Ingestion.Api.Pipelines.Wire;
using Ingestion.Grains;
using Ingestion.Pipelines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Api.Apis;

/// <summary>Recurring pipelines: a job run on a schedule, each run a job of its own.</summary>
public static class PipelinesApi
{
    private const string PipelineIdDescription = "The pipeline's id, as POST /api/pipelines answered it.";

    /// <summary>Maps <c>/pipelines</c> under <paramref name="app"/>, the <c>/api</c> group that requires the API key.</summary>
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("pipelines").WithTags("Pipelines");

        api.MapPost("/", CreatePipeline)
            .WithName("CreatePipeline")
            .WithSummary("Create a pipeline")
            .WithDescription("""
                Creates a pipeline and answers 201 with it and its Location. Its schedule is a reminder of the cluster:
                runs happen after a silo dies or the whole cluster restarts, one per tick. A spec that is rejected creates
                nothing.
                """)
            .Accepts<PipelineSpecInput>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/", ListPipelines)
            .WithName("ListPipelines")
            .WithSummary("List pipelines, newest first");
        api.MapPut("/{id}", ReplacePipeline)
            .WithName("ReplacePipeline")
            .WithSummary("Replace a pipeline's spec")
            .WithDescription("""
                Takes a spec as POST /api/pipelines does and answers 200 with the pipeline. Its next run is the new
                schedule's first tick; a run under way goes on. The watermark stays unless resetWatermark=true, which
                starts again from the new spec's incremental.initial.
                """)
            .Accepts<PipelineSpecInput>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/{id}", GetPipeline)
            .WithName("GetPipeline")
            .WithSummary("Get a pipeline: its spec, whether it is paused, its next run, its watermark and last run")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/pause", PausePipeline)
            .WithName("PausePipeline")
            .WithSummary("Pause the schedule; ticks pass without a run and are not caught up")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/resume", ResumePipeline)
            .WithName("ResumePipeline")
            .WithSummary("Resume the schedule from its next tick")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/trigger", TriggerPipeline)
            .WithName("TriggerPipeline")
            .WithSummary("Start a run now")
            .WithDescription("""
                Answers 202 with the run; its jobId is the job's id (GET /api/jobs/{jobId}). A run already under way is
                answered instead of starting a second, so a trigger that races a tick starts one run. A paused pipeline
                is a 409.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/runs", ListRuns)
            .WithName("ListPipelineRuns")
            .WithSummary("List a pipeline's runs, newest first: run number, trigger, tick, job, status, watermarks")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeletePipeline)
            .WithName("DeletePipeline")
            .WithSummary("Delete a pipeline: its schedule stops; its runs' jobs and data stay")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Results<Created<PipelineView>, ValidationProblem, ProblemHttpResult>> CreatePipeline(
        HttpRequest request,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken)
    {
        var (spec, invalid, tooLarge) = await ReadSpecAsync(request, services, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        // The id is fixed before the first try and creating an existing pipeline returns it, so trying again cannot
        // create two.
        var id = Guid.CreateVersion7();
        request.HttpContext.Items[ClusterUnavailableHandler.UnknownOutcomeKey] =
            $"Pipeline '{id}' may or may not have been created: GET /api/pipelines/{id} says (404 if it was not).";
        var grain = services.Grains.GetGrain<IPipelineGrain>(id);
        var pipeline = await services.Cluster.RepeatableAsync(() => grain.Create(spec!), cancellationToken);
        return TypedResults.Created($"/api/pipelines/{id}", services.Redact(pipeline));
    }

    public static async Task<Results<Ok<Listing<PipelineSummary>>, ValidationProblem>> ListPipelines(
        [AsParameters] PipelineServices services,
        [Description(Paging.SkipDescription)] int? skip,
        [Description(Paging.TakeDescription)] int? take,
        CancellationToken cancellationToken)
    {
        if (Paging.Problems(skip, take) is { } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var index = services.Grains.GetGrain<IPipelineIndexGrain>(IPipelineIndexGrain.Key);
        return TypedResults.Ok(await services.Cluster.RepeatableAsync(() => index.List(skip ?? 0, take ?? Paging.DefaultTake), cancellationToken));
    }

    public static async Task<Results<Ok<PipelineView>, ValidationProblem, ProblemHttpResult>> ReplacePipeline(
        [Description(PipelineIdDescription)] string id,
        HttpRequest request,
        [AsParameters] PipelineServices services,
        [Description("Start again from the new spec's incremental.initial instead of keeping the watermark; false by default.")] bool? resetWatermark,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var pipelineId))
        {
            return PipelineNotFound(id);
        }

        var (spec, invalid, tooLarge) = await ReadSpecAsync(request, services, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        // Replacing with the same spec twice changes nothing more, so trying again is safe.
        var grain = services.Grains.GetGrain<IPipelineGrain>(pipelineId);
        var pipeline = await services.Cluster.RepeatableAsync(() => grain.Replace(spec!, resetWatermark ?? false), cancellationToken);
        return pipeline is null ? PipelineNotFound(id) : TypedResults.Ok(services.Redact(pipeline));
    }

    public static async Task<Results<Ok<PipelineView>, ProblemHttpResult>> GetPipeline(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken)
    {
        var pipeline = Guid.TryParse(id, out var pipelineId)
            ? await services.Cluster.RepeatableAsync(services.Grains.GetGrain<IPipelineGrain>(pipelineId).GetView, cancellationToken)
            : null;
        return pipeline is null ? PipelineNotFound(id) : TypedResults.Ok(services.Redact(pipeline));
    }

    public static Task<Results<Ok<PipelineView>, ProblemHttpResult>> PausePipeline(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken) => SetPausedAsync(id, paused: true, services, cancellationToken);

    public static Task<Results<Ok<PipelineView>, ProblemHttpResult>> ResumePipeline(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken) => SetPausedAsync(id, paused: false, services, cancellationToken);

    public static async Task<Results<Accepted<PipelineRun>, ProblemHttpResult>> TriggerPipeline(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var pipelineId))
        {
            return PipelineNotFound(id);
        }

        // A trigger is answered with the run under way when there is one, so trying it again starts no second run.
        var result = await services.Cluster.RepeatableAsync(services.Grains.GetGrain<IPipelineGrain>(pipelineId).Trigger, cancellationToken);
        return result switch
        {
            { NotFound: true } => PipelineNotFound(id),
            { Paused: true } => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The pipeline is paused.",
                detail: $"Resume it first: POST /api/pipelines/{id}/resume."),
            { Run: { } run } => TypedResults.Accepted($"/api/jobs/{run.JobId}", run),
            _ => throw new InvalidOperationException("A trigger answered neither a run nor why there is none."),
        };
    }

    public static async Task<Results<Ok<Listing<PipelineRun>>, ValidationProblem, ProblemHttpResult>> ListRuns(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        [Description(Paging.SkipDescription)] int? skip,
        [Description(Paging.TakeDescription)] int? take,
        CancellationToken cancellationToken)
    {
        if (Paging.Problems(skip, take) is { } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var runs = Guid.TryParse(id, out var pipelineId)
            ? await services.Cluster.RepeatableAsync(
                () => services.Grains.GetGrain<IPipelineGrain>(pipelineId).GetRuns(skip ?? 0, take ?? Paging.DefaultTake), cancellationToken)
            : null;
        return runs is null ? PipelineNotFound(id) : TypedResults.Ok(runs);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePipeline(
        [Description(PipelineIdDescription)] string id,
        [AsParameters] PipelineServices services,
        CancellationToken cancellationToken)
    {
        var deleted = Guid.TryParse(id, out var pipelineId)
            && await services.Cluster.RepeatableAsync(services.Grains.GetGrain<IPipelineGrain>(pipelineId).Delete, cancellationToken);
        return deleted ? TypedResults.NoContent() : PipelineNotFound(id);
    }

    /// <summary>The spec a request's body holds, or the problem to answer: too large, not JSON, or not a valid spec.</summary>
    private static async Task<(PipelineSpec? Spec, ValidationProblem? Invalid, ProblemHttpResult? TooLarge)> ReadSpecAsync(
        HttpRequest request, PipelineServices services, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var maxBodyBytes = services.RequestLimits.Value.MaxRequestBodyBytes;
        var (body, tooLarge) = await JsonBody.ReadAsync(request, maxBodyBytes, errors, cancellationToken);
        if (tooLarge)
        {
            return (null, null, JsonBody.TooLarge(maxBodyBytes, "pipeline spec"));
        }

        using var document = body;
        var spec = document is null ? null : services.Parser.Parse(document.RootElement, errors);
        return spec is null || errors.Any
            ? (null, TypedResults.ValidationProblem(errors.ToDictionary(), title: "The pipeline spec is not valid."), null)
            : (spec, null, null);
    }

    private static async Task<Results<Ok<PipelineView>, ProblemHttpResult>> SetPausedAsync(
        string id, bool paused, PipelineServices services, CancellationToken cancellationToken)
    {
        var pipeline = Guid.TryParse(id, out var pipelineId)
            ? await services.Cluster.RepeatableAsync(() => services.Grains.GetGrain<IPipelineGrain>(pipelineId).SetPaused(paused), cancellationToken)
            : null;
        return pipeline is null ? PipelineNotFound(id) : TypedResults.Ok(services.Redact(pipeline));
    }

    private static ProblemHttpResult PipelineNotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Pipeline not found.",
            detail: $"No pipeline has the id '{id}'.");
}
