using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Ingestion.Api.Apis.Documentation;
using Ingestion.Api.Cluster;
using Ingestion.Api.Jobs;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Grains;
using Ingestion.Jobs;
using Ingestion.Pages;
using Ingestion.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Api.Apis;

public static class JobsApi
{
    private const string LastEventIdHeader = "Last-Event-ID";

    private const string JobIdDescription = "The job's id, as POST /api/jobs answered it.";
    private const string LastEventIdDescription = "The id of the last event seen, to number on from after a reconnect.";
    private const string StatusDescription = "Only the pages in this status: pending, inFlight, waitingRetry, succeeded, failed or cancelled.";

    /// <summary>Maps <c>/jobs</c> under <paramref name="app"/>, the <c>/api</c> group that requires the API key.</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("jobs").WithTags("Jobs");

        api.MapPost("/", CreateJob)
            .WithName("CreateJob")
            .WithSummary("Submit an ingestion job")
            .WithDescription("""
                Starts a job and answers 202 with it and its Location. With an Idempotency-Key header the job id follows
                from the key: repeating the request with the same key and spec answers the same job and starts nothing
                new; the same key with a different spec is a 409. A destination prefix that holds another job's pages or
                manifest is a 409 naming that job, unless destination.ifExists says to replace it or write a new version.
                A spec that is rejected creates nothing.
                """)
            .Accepts<JobSpecInput>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddOpenApiOperationTransformer(CreateJobOperation.DescribeAsync);
        api.MapGet("/", ListJobs)
            .WithName("ListJobs")
            .WithSummary("List jobs, newest first");
        api.MapGet("/{id}", GetJob)
            .WithName("GetJob")
            .WithSummary("Get a job and its progress")
            .WithDescription("""
                The job's spec is shown in the shape POST /api/jobs takes, with its defaults filled in, so that it can be
                submitted again as it is; the values of sensitive headers are shown as *** and must be given again.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/pages", ListPages)
            .WithName("ListPages")
            .WithSummary("List a job's pages, optionally in one status")
            .WithDescription("""
                An ended job's pages come from its manifest. When they are gone (a later job replaced them with
                destination.ifExists "replace", or the manifest was deleted or overwritten) the answer is a 410 saying so.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        api.MapGet("/{id}/records", GetRecords)
            .WithName("GetRecords")
            .WithSummary("Get a job's records so far")
            .WithDescription("""
                For a job whose spec has records: the record files committed so far (blob, partition, rows, bytes,
                SHA-256, schema version), their rows, the schema, the warnings, and the pages whose records could not be
                read, with the reason. Once the job has ended, this is what its manifest's records say. A job without
                records is a 404.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/cancel", CancelJob)
            .WithName("CancelJob")
            .WithSummary("Cancel a running job; cancelling a cancelled job changes nothing")
            .WithDescription("""
                Aborts the requests in flight, drops waiting retries, and answers once no more page blobs will be
                written; the job is then Cancelled. A job that has ended otherwise is a 409.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id}/retry-failed", RetryFailedPages)
            .WithName("RetryFailedPages")
            .WithSummary("Fetch an ended job's failed pages again")
            .WithDescription("""
                Runs an ended job (CompletedWithErrors or Failed) again over the pages it did not store: those that
                failed, and those a job that stopped early never fetched. Pages already stored are not fetched again; the
                job writes into the same prefix and its manifest is written anew when it ends. Answers 202 with the job,
                Running again. A job that is running, completed, cancelled or superseded is a 409.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/events", StreamJobEvents)
            .WithName("StreamJobEvents")
            .WithSummary("Follow a job's progress as server-sent events")
            .WithDescription("""
                A text/event-stream. The job is read about once a second; whenever it changed, an event `progress` is sent
                with the job as data (the JSON of GET /api/jobs/{id}), at most one a second, the first at once. When the
                job has ended, one event `end` carries the final job and the stream closes. These events have an `id`, a
                sequence number; a client that reconnects with Last-Event-ID continues from the next. While nothing
                changes, an event `heartbeat` every 15 seconds, with empty data and no id (so the client's last event id
                stays as it was), keeps proxies from closing the connection.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    /// <summary>
    /// Starts a job. With an <c>Idempotency-Key</c> header the job id follows from the key, so a repeated request reaches
    /// the job the first one started (and starting an existing job returns it unchanged).
    /// </summary>
    public static async Task<Results<Accepted<JobView>, ValidationProblem, ProblemHttpResult>> CreateJob(
        HttpRequest request,
        [AsParameters] JobServices services,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var idempotencyKey = IdempotencyKey(request.Headers, errors);
        var title = errors.Any ? "The request is not valid." : "The job spec is not valid.";
        var maxBodyBytes = services.RequestLimits.Value.MaxRequestBodyBytes;
        var (body, tooLarge) = await JsonBody.ReadAsync(request, maxBodyBytes, errors, cancellationToken);
        if (tooLarge)
        {
            return JsonBody.TooLarge(maxBodyBytes, "job spec");
        }

        if (body is not { } document)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: title);
        }

        using (document)
        {
            var id = idempotencyKey is null ? Guid.CreateVersion7() : IdempotencyKeys.JobIdFor(idempotencyKey);
            var spec = services.Parser.Parse(document.RootElement, errors);
            if (spec is null || errors.Any)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary(), title: title);
            }

            // The job id is fixed before the first try and a start of an existing job returns it, so trying again
            // cannot start two jobs. Should the cluster not answer at all, the client learns the id to look at.
            request.HttpContext.Items[ClusterUnavailableHandler.JobIdKey] = id;
            request.HttpContext.Items[ClusterUnavailableHandler.UnknownOutcomeKey] =
                $"Job '{id}' may or may not have started: GET /api/jobs/{id} says (404 if it did not). Submitting the spec again "
                + "without an Idempotency-Key starts another job; with one, it reaches this job.";
            var grain = services.Grains.GetGrain<IIngestionJobGrain>(id);
            var started = await services.Cluster.RepeatableAsync(() => grain.Start(spec), cancellationToken);
            if (started.Conflict is { } conflict)
            {
                return PrefixTaken(conflict);
            }

            var job = started.Job!;
            if (idempotencyKey is not null && !JobSpecEquivalence.AreSame(job.Spec, spec))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The Idempotency-Key was used for a different job spec.",
                    detail: $"Job '{id}' was submitted with this key and a different spec. Use a new key for a new job.");
            }

            return TypedResults.Accepted($"/api/jobs/{id}", services.Redact(job));
        }
    }

    public static async Task<Results<Ok<ContinuedListing<JobSummary>>, ValidationProblem>> ListJobs(
        [AsParameters] JobServices services,
        [Description(Paging.TakeDescription)] int? take,
        [Description(Paging.ContinuationDescription)] string? continuation,
        [Description("Not taken: the job list is read a slice at a time, each from the continuation of the one before.")] string? skip,
        CancellationToken cancellationToken)
    {
        var problems = Paging.Problems(skip: null, take) ?? [];
        if (skip is not null)
        {
            problems["skip"] = ["The job list is read a slice at a time: pass the previous slice's continuation instead."];
        }

        var index = services.Grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);
        var jobs = problems.Count == 0
            ? await services.Cluster.RepeatableAsync(() => index.List(take ?? Paging.DefaultTake, continuation), cancellationToken)
            : null;
        if (problems.Count == 0 && jobs is null)
        {
            problems["continuation"] = ["Not a continuation this list gave: pass one from a previous answer as it is, or none for the newest jobs."];
        }

        return problems.Count > 0 ? TypedResults.ValidationProblem(problems) : TypedResults.Ok(jobs!);
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJob(
        [Description(JobIdDescription)] string id,
        [AsParameters] JobServices services,
        CancellationToken cancellationToken)
    {
        var (job, _) = await ViewOfAsync(id, services, cancellationToken);
        return job is null ? JobNotFound(id) : TypedResults.Ok(services.Redact(job));
    }

    public static async Task<Results<Ok<RecordsSummary>, ProblemHttpResult>> GetRecords(
        [Description(JobIdDescription)] string id,
        [AsParameters] JobServices services,
        CancellationToken cancellationToken)
    {
        var (job, jobId) = await ViewOfAsync(id, services, cancellationToken);
        if (job is null)
        {
            return JobNotFound(id);
        }

        if (RecordsAssignment.Of(jobId, job.Spec, job.Destination) is not { } assignment)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "The job writes no records.", detail: $"Job '{id}' has no records in its spec.");
        }

        return TypedResults.Ok(await services.Cluster.RepeatableAsync(
            () => services.Grains.GetGrain<IJobRecordsGrain>(jobId).Describe(assignment), cancellationToken));
    }

    public static async Task<Results<Ok<Listing<PageRecord>>, ValidationProblem, ProblemHttpResult>> ListPages(
        [Description(JobIdDescription)] string id,
        [AsParameters] JobServices services,
        [Description(StatusDescription)] string? status,
        [Description(Paging.SkipDescription)] int? skip,
        [Description(Paging.TakeDescription)] int? take,
        CancellationToken cancellationToken)
    {
        var problems = Paging.Problems(skip, take) ?? [];
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

        var listing = Guid.TryParse(id, out var jobId)
            ? await services.Cluster.RepeatableAsync(
                () => services.Grains.GetGrain<IIngestionJobGrain>(jobId).GetPages(pageStatus, skip ?? 0, take ?? Paging.DefaultTake), cancellationToken)
            : null;
        return listing switch
        {
            null => JobNotFound(id),
            { Pages: { } pages } => TypedResults.Ok(pages),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "The job's pages are gone.",
                detail: listing.Unavailable,
                extensions: listing.SupersededBy is { } by ? new Dictionary<string, object?> { ["supersededBy"] = by } : null),
        };
    }

    public static async Task<Results<Accepted<JobView>, ProblemHttpResult>> RetryFailedPages(
        [Description(JobIdDescription)] string id,
        [AsParameters] JobServices services,
        HttpContext context)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return JobNotFound(id);
        }

        // A retry is not tried again here (a second call could start a second round); should the cluster not answer,
        // the client looks at the job.
        context.Items[ClusterUnavailableHandler.JobIdKey] = jobId;
        context.Items[ClusterUnavailableHandler.UnknownOutcomeKey] =
            $"The retry of job '{id}' may or may not have started: GET /api/jobs/{id} says (its round and status).";

        var result = await services.Grains.GetGrain<IIngestionJobGrain>(jobId).RetryFailed();
        var status = result.Job?.Status;
        return result.Outcome switch
        {
            RetryOutcome.Retrying when result.Job is { } job => TypedResults.Accepted($"/api/jobs/{id}", services.Redact(job)),
            RetryOutcome.NotFound => JobNotFound(id),
            RetryOutcome.StillRunning => CannotRetry($"Job '{id}' is still running; retry its failed pages once it has ended."),
            RetryOutcome.NothingFailed => CannotRetry($"Job '{id}' stored every page ({status}): nothing failed."),
            RetryOutcome.WasCancelled => CannotRetry($"Job '{id}' was cancelled; submit it again to fetch the rest."),
            RetryOutcome.PagesNotKept => CannotRetry($"Job '{id}' did not keep its pages (records.keepPages is false); submit it again to fetch its failed pages."),
            RetryOutcome.Superseded => CannotRetry(
                $"Job '{id}' was superseded{(result.Job?.SupersededBy is { } by ? $" by job '{by}'" : "")}: another job owns its prefix now and its pages are gone."),
            _ => throw new InvalidOperationException($"Job '{id}' answered RetryFailed with {result.Outcome}."),
        };
    }

    /// <summary>
    /// The job's events (<see cref="JobEventSource"/>) as server-sent events, written by the framework; an unknown job is
    /// a 404 before the stream starts.
    /// </summary>
    public static async Task<Results<ServerSentEventsResult<JobView?>, ProblemHttpResult>> StreamJobEvents(
        [Description(JobIdDescription)] string id,
        [FromHeader(Name = LastEventIdHeader), Description(LastEventIdDescription)] string? lastEventId,
        HttpResponse response,
        [AsParameters] JobEventServices services,
        CancellationToken cancellationToken)
    {
        var grain = Guid.TryParse(id, out var jobId) ? services.Grains.GetGrain<IIngestionJobGrain>(jobId) : null;
        if (grain is null || await services.Cluster.RepeatableAsync(grain.GetView, cancellationToken) is not { } job)
        {
            return JobNotFound(id);
        }

        // A reconnecting client numbers on from the last event it saw, so ids keep increasing.
        var firstId = long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last < long.MaxValue
            ? last + 1
            : 1;

        // A grain call cannot be cancelled; the stream stops waiting for it when the client has gone.
        var source = new JobEventSource(
            readCancellation => services.Cluster.RepeatableAsync(grain.GetView, readCancellation),
            services.Json.Value.SerializerOptions,
            services.Time,
            services.SensitiveHeaders);

        // The framework's result turns off caching and compression; reverse proxies that buffer responses (nginx) would
        // still hold events back.
        response.Headers["X-Accel-Buffering"] = "no";

        // The stream's own token (client gone, or server stopping) reaches the events as the lifetime enumerates them.
        var events = new JobEventStreamLifetime(services.Logger).WhileOpenAsync(
            jobId,
            source.ReadAllAsync(job, firstId, CancellationToken.None),
            services.Lifetime.ApplicationStopping,
            cancellationToken);
        return TypedResults.ServerSentEvents(events);
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> CancelJob(
        [Description(JobIdDescription)] string id,
        [AsParameters] JobServices services,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return JobNotFound(id);
        }

        var result = await services.Cluster.RepeatableAsync(services.Grains.GetGrain<IIngestionJobGrain>(jobId).Cancel, cancellationToken);
        return result.Outcome switch
        {
            CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled when result.Job is { } job => TypedResults.Ok(services.Redact(job)),
            CancelOutcome.AlreadyFinished => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job has already ended.",
                detail: result.Job is { } job
                    ? $"Job '{id}' is {job.Status}; only a running job can be cancelled."
                    : $"Job '{id}' has ended; only a running job can be cancelled."),
            CancelOutcome.NotFound => JobNotFound(id),
            _ => throw new InvalidOperationException($"Job '{id}' answered Cancel with {result.Outcome} and job {result.Job?.Status}."),
        };
    }

    /// <summary>The <c>Idempotency-Key</c> header's value; null when it is absent or not valid (an error then says why).</summary>
    private static string? IdempotencyKey(IHeaderDictionary headers, ValidationErrors errors)
    {
        if (!headers.TryGetValue(IdempotencyKeys.HeaderName, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            errors.Add(IdempotencyKeys.HeaderName, "Must be given once.");
            return null;
        }

        var key = values[0] ?? "";
        if (IdempotencyKeys.ProblemWith(key) is { } problem)
        {
            errors.Add(IdempotencyKeys.HeaderName, problem);
            return null;
        }

        return key;
    }

    /// <summary>The job <paramref name="id"/> names, and its id; no job when it names none, or an unknown one.</summary>
    private static async Task<(JobView? Job, Guid Id)> ViewOfAsync(string id, JobServices services, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var jobId)
            ? (await services.Cluster.RepeatableAsync(services.Grains.GetGrain<IIngestionJobGrain>(jobId).GetView, cancellationToken), jobId)
            : (null, Guid.Empty);

    private static ProblemHttpResult CannotRetry(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The job's failed pages cannot be retried.", detail: detail);

    /// <summary>
    /// 409: the destination prefix belongs to another job. The problem names the field and the owner, and says what to
    /// do; like a validation problem it has <c>errors</c>, so clients that show field errors show this one too.
    /// </summary>
    private static ProblemHttpResult PrefixTaken(PrefixConflict conflict)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { ["destination.prefix"] = [conflict.Reason] },
            ["container"] = conflict.Container,
            ["prefix"] = conflict.Prefix,
        };
        if (conflict.Owner is { } owner)
        {
            extensions["ownerJobId"] = owner;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The destination prefix belongs to another job.",
            detail: conflict.Reason,
            extensions: extensions);
    }

    private static ProblemHttpResult JobNotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Job not found.",
            detail: $"No job has the id '{id}'.");
}
