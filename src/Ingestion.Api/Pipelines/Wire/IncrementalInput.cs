using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Pipelines.Wire;

[Description("Incremental runs: each run's URLs carry {watermark}, the largest cursor value among the records the last completed run stored.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IncrementalInput
{
    [Description("Where the watermark comes from once a run has completed: the largest cursor value among the records it stored (records, the default), the largest value of a response header over its pages (header), or the time the run started (runStart).")]
    [AllowedNames("records", "header", "runStart")]
    [DefaultValue("records")]
    public string? From { get; init; }

    [Description("The JSON pointer of the cursor within a record, such as \"/updated_at\"; required with from records, and only then.")]
    public string? CursorPointer { get; init; }

    [Description("The JSON pointer of the array of records within a page, such as \"/items\"; \"\" for a top-level array; required with from records, and only then.")]
    public string? RecordsPointer { get; init; }

    [Description("The response header whose largest value is the watermark, such as \"X-Max-Updated\"; required with from header, and only then.")]
    public string? Header { get; init; }

    [Description("The watermark of the first run: a cursor value, such as \"2024-01-01T00:00:00Z\".")]
    [MinLength(1)]
    public required string Initial { get; init; }

    [Description("How far behind the watermark {watermark} reaches, for sources that write late, such as \"00:05:00\". Times move back; numbers and strings do not.")]
    public string? Lookback { get; init; }

    [Description("How cursor values compare; inferred from the values when left out (an ISO-8601 date-time with an offset is a time, a JSON number a number, anything else a string).")]
    [AllowedNames("time", "number", "string")]
    public string? CursorType { get; init; }

    [Description("Whether a run that ends CompletedWithErrors moves the watermark too; by default only Completed does.")]
    [DefaultValue(false)]
    public bool? AdvanceOnErrors { get; init; }
}
