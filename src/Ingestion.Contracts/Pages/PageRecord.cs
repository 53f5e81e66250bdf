using System.Text.Json.Serialization;

namespace Ingestion.Pages;

/// <summary>What is known of one page of a job: where it came from, how it ended, and where it was stored.</summary>
[GenerateSerializer, Immutable, Alias("Ingestion.PageRecord")]
public sealed record PageRecord
{
    [Id(0)] public required int Page { get; init; }

    [Id(1)] public required string Url { get; init; }

    [Id(2)] public required PageStatus Status { get; init; }

    /// <summary>The HTTP status of the last response, if one came.</summary>
    [Id(3)] public int? HttpStatus { get; init; }

    [Id(4)] public int Attempts { get; init; }

    /// <summary>The blob name, once stored.</summary>
    [Id(5)] public string? Blob { get; init; }

    [Id(6)] public long? Bytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    [Id(7)] public string? Sha256 { get; init; }

    [Id(8)] public string? ContentType { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    [Id(9)] public string? Error { get; init; }

    [Id(10)] public DateTimeOffset? FetchedAt { get; init; }

    /// <summary>When the next attempt is due, for a page waiting for a retry.</summary>
    [Id(11)] public DateTimeOffset? RetryAt { get; init; }

    /// <summary>How long the last attempt took, from the request going out to the blob being committed.</summary>
    [Id(12)] public double? DurationMs { get; init; }

    /// <summary>For a followed source: the page whose response named this one.</summary>
    [Id(13)] public int? ReachedFrom { get; init; }

    /// <summary>What kind of failure the last attempt was, for a page that failed; with the HTTP status it tells which failures are alike.</summary>
    [Id(14)] public PageFailureKind? FailureKind { get; init; }

    /// <summary>The response's <c>ETag</c>, as the server sent it: the next run of a pipeline asks with <c>If-None-Match</c>.</summary>
    [Id(15)] public string? ETag { get; init; }

    /// <summary>The response's <c>Last-Modified</c>, as the server sent it: the next run of a pipeline asks with <c>If-Modified-Since</c>.</summary>
    [Id(16)] public string? LastModified { get; init; }

    /// <summary>For a pipeline whose watermark comes from a response header: that header's value in this page's response.</summary>
    [Id(17)] public string? Watermark { get; init; }

    /// <summary>Whether the record carries a validator a conditional request can be made from.</summary>
    [JsonIgnore] public bool HasValidator => ETag is not null || LastModified is not null;
}
