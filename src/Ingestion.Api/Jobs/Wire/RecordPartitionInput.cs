using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

[Description("Records partitioned by a time each holds, in UTC, into Hive-style folders named for the pointer's last segment and the granularity: created_at_day=2024-06-01 for /created_at by day. A record without that time goes to created_at_day=__null__.")]
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecordPartitionInput
{
    [Description("A JSON Pointer (RFC 6901) into each record, to an ISO-8601 date-time with an offset or a date (yyyy-MM-dd), such as \"/created_at\".")]
    [MinLength(1)]
    [RegularExpression(InputPatterns.JsonPointer)]
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON Pointer, named as the spec names it.")]
    public required string Pointer { get; init; }

    [Description("hour (created_at_hour=2024-06-01T13), day (created_at_day=2024-06-01; the default) or month (created_at_month=2024-06).")]
    [AllowedNames("hour", "day", "month")]
    [DefaultValue("day")]
    public string? Granularity { get; init; }
}
