using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The job spec as users write it: what <c>POST /api/jobs</c> takes, and what every job the API returns shows as its
/// spec. These records are the one statement of the spec's fields: the OpenAPI document describes them, the parser
/// (<see cref="JobSpecParser"/>) reads a body field by field against them, so that it can report every bad field at
/// once, and <see cref="JobSpecInputMapping"/> writes a validated spec back in their shape.
/// </summary>
[Description("An ingestion job to start. Unknown fields are rejected; a field given as null counts as left out.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobSpecInput
{
    [Description("A label for the job, up to 200 characters (Ingestion:Limits:MaxNameLength), no control characters.")]
    [MinLength(1)]
    public string? Name { get; init; }

    [Description("Where the pages come from: a range of pages, a list of URLs, or links followed from page to page.")]
    public required SourceInput Source { get; init; }

    [Description("Request headers sent with every page request (at most 64 by default, Ingestion:Limits:MaxHeaders). A job shows the values of sensitive ones (credentials, keys, tokens, cookies) as ***: give them again to submit its spec again.")]
    public Dictionary<string, string>? Headers { get; init; }

    [Description("Pages in flight at once.")]
    [Range(JobDefaults.MinConcurrency, JobDefaults.MaxConcurrency)]
    [DefaultValue(JobDefaults.Concurrency)]
    public int? Concurrency { get; init; }

    [Description("The longest one attempt at a page may take, body and upload included, in seconds.")]
    // At least a millisecond: a shorter timeout could never be met.
    [Range(0.001, JobDefaults.MaxRequestTimeoutSeconds)]
    [DefaultValue(JobDefaults.RequestTimeoutSeconds)]
    public double? RequestTimeoutSeconds { get; init; }

    [Description("How often and how patiently a failed page is tried again.")]
    public RetryInput? Retry { get; init; }

    [Description("Where the pages and the manifest are stored.")]
    public DestinationInput? Destination { get; init; }

    [Description("When the job gives up early.")]
    public FailureInput? Failure { get; init; }

    [Description("The most pages the job fetches, whatever its source says; every source kind stops there. At most Ingestion:Limits:MaxPagesPerJob (1,000,000 by default).")]
    [Range(1, int.MaxValue)]
    [DefaultValue(JobDefaults.MaxPages)]
    public int? MaxPages { get; init; }

    [Description("How gently the job treats the hosts it fetches from, on top of the service's own per-host limits.")]
    public PolitenessInput? Politeness { get; init; }

    [Description("Query-ready records extracted from each page the job stores, written while the job runs into files under {prefix}/records/ (Parquet or gzip-compressed JSON Lines), in Hive-style partition folders when partitionBy is given, such as {prefix}/records/created_at_day=2024-06-01/part-00001-....parquet. The pages are still stored raw under {prefix}/pages/. Left out, no records are extracted.")]
    public RecordsInput? Records { get; init; }
}
