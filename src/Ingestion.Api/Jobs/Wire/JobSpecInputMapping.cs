using Ingestion.Jobs;
using Ingestion.Records;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// A validated spec written back in the shape users write it (<see cref="JobSpecInput"/>), every default filled in, so
/// that the spec of any job the API shows can be submitted again as it is and makes the same job. Each source takes the
/// shape that says what it is (a fixed, open or discovered range, a list inline or in a blob, links to follow) with its
/// <c>kind</c>, and <c>allowEmpty</c> is written wherever the shape takes it.
/// </summary>
public static class JobSpecInputMapping
{
    public static JobSpecInput ToInput(this JobSpec spec) => new()
    {
        Name = spec.Name,
        Source = spec.Source.ToInput(),
        // In order of name, so that the same spec always reads the same.
        Headers = spec.Headers.OrderBy(header => header.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(StringComparer.OrdinalIgnoreCase),
        Concurrency = spec.Concurrency,
        RequestTimeoutSeconds = spec.RequestTimeoutSeconds,
        Retry = new RetryInput
        {
            MaxAttempts = spec.Retry.MaxAttempts,
            BaseDelaySeconds = spec.Retry.BaseDelaySeconds,
            MaxDelaySeconds = spec.Retry.MaxDelaySeconds,
        },
        Destination = spec.Destination.ToInput(),
        Failure = new FailureInput
        {
            MaxFailedPages = spec.Failure.MaxFailedPages,
            MaxFailedFraction = spec.Failure.MaxFailedFraction,
            FailFast = spec.Failure.FailFast,
        },
        MaxPages = spec.MaxPages,
        Politeness = new PolitenessInput
        {
            MaxRequestsPerSecond = spec.Politeness.MaxRequestsPerSecond,
            RespectRobotsTxt = spec.Politeness.RespectRobotsTxt,
        },
        Records = spec.Records?.ToInput(),
    };

    public static RecordsInput ToInput(this RecordsSpec records) => new()
    {
        Pointer = records.Pointer,
        Format = RecordFormatNames.NameOf(records.Format),
        PartitionBy = records.PartitionBy is { } partition
            ? new RecordPartitionInput
            {
                Pointer = partition.Pointer,
                Granularity = NamedChoices<PartitionGranularity>.NameOf(
                    typeof(RecordPartitionInput), nameof(RecordPartitionInput.Granularity), partition.Granularity),
            }
            : null,
        TargetFileMiB = records.TargetFileMiB,
        Lineage = records.Lineage,
        KeepPages = records.KeepPages,
    };

    public static DestinationInput ToInput(this DestinationSpec destination) => new()
    {
        Container = destination.Container,
        Prefix = destination.Prefix,
        IfExists = IfExistsNames.NameOf(destination.IfExists),
    };

    public static SourceInput ToInput(this SourceSpec source)
    {
        var kind = SourceShapes.KindName(source.Kind);
        return source switch
        {
            { Kind: SourceKind.Range, Pages: { To: { } to } pages } => new RangeSourceInput
            {
                Kind = kind,
                UrlTemplate = source.UrlTemplate!,
                Pages = new PageRangeInput { From = pages.From, To = to },
                PageSize = source.PageSize,
            },
            { Kind: SourceKind.Range, Total: { } total } => new DiscoveredRangeSourceInput
            {
                Kind = kind,
                UrlTemplate = source.UrlTemplate!,
                Pages = new OpenPageRangeInput { From = source.Pages!.From },
                PageSize = source.PageSize,
                TotalPages = total.Counts == TotalCounts.Pages
                    ? new TotalPagesInput { Header = total.Header, JsonPointer = total.JsonPointer, LinkLast = total.LinkLast ? true : null }
                    : null,
                TotalItems = total.Counts == TotalCounts.Items
                    ? new TotalItemsInput { Header = total.Header, JsonPointer = total.JsonPointer }
                    : null,
                AllowEmpty = source.AllowEmpty,
            },
            { Kind: SourceKind.Range } => new OpenRangeSourceInput
            {
                Kind = kind,
                UrlTemplate = source.UrlTemplate!,
                Pages = new OpenPageRangeInput { From = source.Pages!.From },
                PageSize = source.PageSize,
                StopWhenEmpty = source.StopWhenEmpty,
                AllowEmpty = source.AllowEmpty,
            },
            { Kind: SourceKind.List, UrlsBlob: { } blob } => new BlobListSourceInput
            {
                Kind = kind,
                UrlsBlob = new BlobInput { Container = blob.Container, Name = blob.Name },
                AllowEmpty = source.AllowEmpty,
            },
            { Kind: SourceKind.List } => new UrlListSourceInput { Kind = kind, Urls = source.Urls! },
            _ => new FollowSourceInput
            {
                Kind = kind,
                Url = source.Url!,
                Next = new NextPageInput
                {
                    LinkHeader = source.Next!.LinkHeader ? true : null,
                    JsonPointer = source.Next.JsonPointer,
                    CursorPointer = source.Next.CursorPointer,
                    CursorParam = source.Next.CursorParam,
                },
                StopWhenEmpty = source.StopWhenEmpty,
                AllowEmpty = source.AllowEmpty,
            },
        };
    }
}
