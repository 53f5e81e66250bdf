using Ingestion.Networking;
using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Ingestion.Api.Security;
using Ingestion.Jobs;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Jobs;

/// <summary>
/// Turns a job spec document into a <see cref="JobSpec"/> with its defaults filled in, or into the full list of what is
/// wrong with it. It walks the JSON itself rather than binding a class, so that every bad field is reported at once,
/// by its JSON path, in words a user can act on.
/// </summary>
/// <remarks>
/// A URL whose host is an IP address in a blocked network, in any of its spellings (<c>127.1</c>, <c>2130706433</c>,
/// <c>0x7f.1</c>, <c>[::ffff:127.0.0.1]</c>), is refused here already; host names are left to the silo, which checks
/// the addresses they resolve to when it connects.
/// </remarks>
public sealed class JobSpecParser(IOptions<JobLimits> limits, IOptions<OutboundOptions>? outbound = null)
{
    private readonly NetworkPolicy _networks = outbound?.Value.CreatePolicy() ?? NetworkPolicy.Default;

    private static readonly string[] TopLevelFields =
        ["name", "source", "headers", "concurrency", "requestTimeoutSeconds", "retry", "destination", "failure", "maxPages", "politeness"];

    private const int MaxPageSize = 1_000_000;

    private static readonly string[] SourceFields =
        ["kind", "urlTemplate", "pages", "pageSize", "urls", "stopWhenEmpty", "totalPages", "totalItems", "urlsBlob", "url", "next", "allowEmpty"];

    // The fields that make each kind of source; fields of two kinds together are refused rather than some ignored.
    private static readonly (SourceKind Kind, string[] Fields)[] KindFields =
    [
        (SourceKind.Range, ["urlTemplate", "pages"]),
        (SourceKind.List, ["urls", "urlsBlob"]),
        (SourceKind.Follow, ["url", "next"]),
    ];

    private static readonly string[] RangeOnlyFields = ["pageSize", "totalPages", "totalItems"];
    private static readonly string[] OpenRangeOnlyFields = ["stopWhenEmpty", "totalPages", "totalItems"];
    private static readonly string[] PageRangeFields = ["from", "to"];
    private static readonly string[] TotalFields = ["header", "jsonPointer", "linkLast"];
    private static readonly string[] BlobReferenceFields = ["container", "name"];
    private static readonly string[] NextFields = ["linkHeader", "jsonPointer", "cursorPointer", "cursorParam"];
    private static readonly string[] NextWays = ["linkHeader", "jsonPointer", "cursorPointer"];

    private const string TotalPagesShape = """{"header": "X-Total-Pages"}, {"jsonPointer": "/total_pages"} or {"linkLast": true}""";
    private const string TotalItemsShape = """{"header": "X-Total-Count"} or {"jsonPointer": "/total"}""";
    private const string NextShape =
        """{"linkHeader": true}, {"jsonPointer": "/next"} or {"cursorPointer": "/meta/cursor", "cursorParam": "cursor"}""";

    private static readonly string[] RetryFields = ["maxAttempts", "baseDelaySeconds", "maxDelaySeconds"];
    private static readonly string[] DestinationFields = ["container", "prefix", "ifExists"];
    private static readonly string[] FailureFields = ["maxFailedPages", "maxFailedFraction", "failFast"];

    // Any time will do to check that a prefix's placeholders make a valid name; the longest one shows the length.
    private static readonly DateTimeOffset SampleCreatedAt = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

    // Fields of earlier versions of the spec, so that an old spec is told what they became rather than only refused.
    private static readonly Dictionary<string, (string NewName, string Why)> RenamedFields = new(StringComparer.Ordinal)
    {
        ["stopOnAuthFailures"] = ("failFast", "it stops a job whose first pages all fail for the same cause, 401 and 403 among them"),
    };

    public JobSpec? Parse(JsonElement root, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The job spec must be a JSON object.");
            return null;
        }

        // A \u escape of half a surrogate pair is valid JSON but no string: reading it would throw, so none is read.
        if (UnreadableString(root, "") is { } unreadable)
        {
            errors.Add(unreadable.Length == 0 ? "$" : unreadable, "Holds a \\u escape that is not valid UTF-16 (a lone surrogate).");
            return null;
        }

        var fields = Fields(root, "", TopLevelFields, errors);
        var limit = limits.Value;
        var name = fields.String("name", errors, required: false);
        if (name is not null)
        {
            if (name.Length > limit.MaxNameLength)
            {
                errors.Add("name", $"Must be at most {limit.MaxNameLength} characters.");
            }

            if (name.Any(char.IsControl))
            {
                errors.Add("name", "Must not contain control characters.");
            }
        }

        var maxPages = ParseMaxPages(fields, errors);
        var source = ParseSource(fields.Get("source"), maxPages, errors);
        var headers = ParseHeaders(fields.Get("headers"), errors);
        var concurrency = fields.Integer("concurrency", JobDefaults.MinConcurrency, JobDefaults.MaxConcurrency, errors)
            ?? JobDefaults.Concurrency;
        var timeout = fields.Number("requestTimeoutSeconds", 0.001, JobDefaults.MaxRequestTimeoutSeconds, errors)
            ?? JobDefaults.RequestTimeoutSeconds;
        var retry = ParseRetry(fields.Get("retry"), errors);
        var destination = ParseDestination(fields.Get("destination"), errors);
        var failure = ParseFailure(fields.Get("failure"), errors);
        var politeness = ParsePoliteness(fields.Get("politeness"), errors);

        if (errors.Any || source is null || retry is null || destination is null || failure is null)
        {
            return null;
        }

        return new JobSpec
        {
            Name = name,
            Source = source,
            Headers = headers,
            Concurrency = concurrency,
            RequestTimeoutSeconds = timeout,
            Retry = retry,
            Destination = destination,
            Failure = failure,
            MaxPages = maxPages,
            Politeness = politeness,
        };
    }

    /// <summary>
    /// The job's page budget: the maxPages given, or the default. When the value given is refused, the service's limit
    /// stands in for it (no spec is made then), so that the source is not also refused for a budget nobody asked for.
    /// </summary>
    private int ParseMaxPages(FieldSet fields, ValidationErrors errors)
    {
        var limit = limits.Value.MaxPagesPerJob;
        if (!fields.Has("maxPages"))
        {
            return Math.Min(JobDefaults.MaxPages, limit);
        }

        return fields.Integer("maxPages", 1, limit, errors) ?? limit;
    }

    private SourceSpec? ParseSource(JsonElement? element, int maxPages, ValidationErrors errors)
    {
        const string kinds = "a range (urlTemplate and pages), a list (urls or urlsBlob) or a start to follow (url and next)";
        if (element is not { } source)
        {
            errors.Add("source", $"Required: {kinds}.");
            return null;
        }

        if (source.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source", "Must be an object.");
            return null;
        }

        var fields = Fields(source, "source", SourceFields, errors);
        var stated = ParseKind(fields, errors);
        var given = KindFields
            .Select(kind => (kind.Kind, Fields: kind.Fields.Where(fields.Has).ToArray()))
            .Where(kind => kind.Fields.Length > 0)
            .ToArray();
        if (given.Length > 1)
        {
            var mixed = given.Select(kind => $"a {KindName(kind.Kind)} source ({string.Join(", ", kind.Fields)})");
            errors.Add("source", $"Mixes the fields of {string.Join(" and ", mixed)}: give the fields of one kind of source only.");
            return null;
        }

        if (given.Length == 0)
        {
            errors.Add("source", stated is { } kind ? $"A {KindName(kind)} source needs {KindNeeds(kind)}." : $"Give {kinds}.");
            return null;
        }

        var inferred = given[0].Kind;
        if (stated is { } statedKind && statedKind != inferred)
        {
            errors.Add("source.kind", $"The fields given make a {KindName(inferred)} source, not a {KindName(statedKind)}.");
        }

        if (inferred != SourceKind.Range)
        {
            foreach (var field in RangeOnlyFields.Where(fields.Has))
            {
                errors.Add(fields.PathOf(field), "Applies only to a range (urlTemplate and pages).");
            }
        }

        if (inferred == SourceKind.List && fields.Has("stopWhenEmpty"))
        {
            errors.Add("source.stopWhenEmpty", "Applies only to an open range or a followed source, whose end is found by fetching.");
        }

        var allowEmpty = fields.Boolean("allowEmpty", errors) ?? false;
        var parsed = inferred switch
        {
            SourceKind.Range => ParseRange(fields, maxPages, errors),
            SourceKind.List => ParseList(fields, maxPages, errors),
            _ => ParseFollow(fields, errors),
        };
        if (fields.Has("allowEmpty") && parsed?.KnownPageCount is { } count)
        {
            errors.Add("source.allowEmpty",
                $"Applies only to a source that may turn out empty (an open range, a followed source, a URL list in a blob); this one has {count} {(count == 1 ? "page" : "pages")}.");
            return null;
        }

        return parsed is null ? null : parsed with { AllowEmpty = allowEmpty };
    }

    /// <summary>The kind the spec states, if it states one; it must agree with the kind its fields make.</summary>
    private static SourceKind? ParseKind(FieldSet fields, ValidationErrors errors)
    {
        if (fields.String("kind", errors, required: false) is not { } kind)
        {
            return null;
        }

        // Not Enum.TryParse, which would also take "2" or "range, list".
        foreach (var known in Enum.GetValues<SourceKind>())
        {
            if (string.Equals(kind, KindName(known), StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        errors.Add("source.kind", "Must be range, list or follow (or left out: the fields given say which).");
        return null;
    }

    private static string KindName(SourceKind kind) => kind.ToString().ToLowerInvariant();

    private static string KindNeeds(SourceKind kind) => kind switch
    {
        SourceKind.Range => "urlTemplate and pages",
        SourceKind.List => "urls or urlsBlob",
        _ => "url and next",
    };

    private SourceSpec? ParseRange(FieldSet fields, int maxPages, ValidationErrors errors)
    {
        var template = fields.String("urlTemplate", errors, required: true);
        if (template is not null
            && !template.Contains(SourceSpec.PagePlaceholder, StringComparison.Ordinal)
            && !template.Contains(SourceSpec.OffsetPlaceholder, StringComparison.Ordinal))
        {
            errors.Add("source.urlTemplate", "Must contain the placeholder {page} (or {offset}, with pageSize).");
            template = null;
        }

        var pageSize = fields.Integer("pageSize", 1, MaxPageSize, errors);
        if (template is not null && SourceSpec.UsesOffset(template) && pageSize is null && !fields.Has("pageSize"))
        {
            errors.Add("source.pageSize", "Required when urlTemplate uses {offset} or {limit}: the number of items per page.");
            template = null;
        }

        const string pagesShape = """{"from": first, "to": last}, or {"from": first} for an open range""";
        if (fields.Get("pages") is not { } pagesElement)
        {
            errors.Add("source.pages", $"Required with urlTemplate: {pagesShape}.");
            return null;
        }

        if (pagesElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source.pages", $"Must be an object: {pagesShape}.");
            return null;
        }

        var pages = Fields(pagesElement, "source.pages", PageRangeFields, errors);
        var from = pages.Long("from", 0, long.MaxValue, errors, required: true);
        if (pages.Has("to"))
        {
            foreach (var field in OpenRangeOnlyFields.Where(fields.Has))
            {
                errors.Add(fields.PathOf(field),
                    "Applies only to a range without pages.to: with pages.to the range's end is known already.");
            }

            var to = pages.Long("to", 0, long.MaxValue, errors, required: true);
            return from is null || to is null ? null : ParseFixedRange(template, from.Value, to.Value, pageSize, maxPages, errors);
        }

        var total = ParseTotal(fields, errors);
        var stopWhenEmpty = JsonPointer(fields, "stopWhenEmpty", errors);
        if (fields.Has("stopWhenEmpty") && (fields.Has("totalPages") || fields.Has("totalItems")))
        {
            errors.Add("source.stopWhenEmpty",
                "Applies only to an open range without a total: with totalPages or totalItems, the total says where the range ends.");
        }

        if (from is null || ParseOpenRange(template, from.Value, pageSize, maxPages, errors) is not { } range)
        {
            return null;
        }

        return range with { Total = total, StopWhenEmpty = stopWhenEmpty };
    }

    private SourceSpec? ParseFixedRange(string? template, long from, long to, int? pageSize, int maxPages, ValidationErrors errors)
    {
        if (to < from)
        {
            errors.Add("source.pages.to", $"Must not be less than from ({from}).");
            return null;
        }

        var count = (ulong)(to - from) + 1; // from 0 to long.MaxValue is one page more than a long holds
        if (count > (ulong)maxPages)
        {
            errors.Add("source.pages", TooManyPages($"The range holds {count} pages", count, maxPages));
            return null;
        }

        if (template is null)
        {
            return null;
        }

        // The template must make a valid URL for every page; the first and last are enough to show it.
        foreach (var page in new[] { from, to })
        {
            if (ValidateUrl(SourceSpec.ExpandTemplate(template, page, from, pageSize)) is { } problem)
            {
                errors.Add("source.urlTemplate", problem);
                return null;
            }
        }

        return SourceSpec.Range(template, from, to, pageSize);
    }

    private SourceSpec? ParseOpenRange(string? template, long from, int? pageSize, int maxPages, ValidationErrors errors)
    {
        // The job may run on for maxPages pages, and every page number it reaches must still be a number.
        if (from > long.MaxValue - (maxPages - 1))
        {
            errors.Add("source.pages.from",
                $"Too large for an open range: it may run on for maxPages ({maxPages}) pages, whose numbers must stay within {long.MaxValue}.");
            return null;
        }

        if (template is null)
        {
            return null;
        }

        // Only the first page is sure to be fetched; where the range ends is found by fetching.
        if (ValidateUrl(SourceSpec.ExpandTemplate(template, from, from, pageSize)) is { } problem)
        {
            errors.Add("source.urlTemplate", problem);
            return null;
        }

        return SourceSpec.Range(template, from, to: null, pageSize);
    }

    /// <summary>Where the first page of an open range states the total, or null when the spec says nothing of one.</summary>
    private static TotalSpec? ParseTotal(FieldSet fields, ValidationErrors errors)
    {
        var pages = fields.Get("totalPages");
        var items = fields.Get("totalItems");
        if (pages is not null && items is not null)
        {
            errors.Add("source", "Give totalPages or totalItems, not both.");
            return null;
        }

        if (items is not null && !fields.Has("pageSize"))
        {
            errors.Add("source.pageSize", "Required with totalItems: the number of items per page, to turn the total into pages.");
        }

        return (pages, items) switch
        {
            ({ } total, _) => ParseTotalSpec(total, TotalCounts.Pages, errors),
            (_, { } total) => ParseTotalSpec(total, TotalCounts.Items, errors),
            _ => null,
        };
    }

    private static TotalSpec? ParseTotalSpec(JsonElement element, TotalCounts counts, ValidationErrors errors)
    {
        var (path, shape) = counts == TotalCounts.Pages ? ("source.totalPages", TotalPagesShape) : ("source.totalItems", TotalItemsShape);
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"Must be an object: {shape}.");
            return null;
        }

        var fields = Fields(element, path, TotalFields, errors);
        var header = fields.String("header", errors, required: false);
        if (header is not null && SourceFieldRules.ProblemWithHeaderName(header) is { } headerProblem)
        {
            errors.Add(fields.PathOf("header"), headerProblem);
        }

        var pointer = JsonPointer(fields, "jsonPointer", errors);
        var linkLast = fields.Boolean("linkLast", errors);
        if (counts == TotalCounts.Items && fields.Has("linkLast"))
        {
            errors.Add(fields.PathOf("linkLast"),
                "A Link header's rel=\"last\" names the last page, not a number of items: use it in totalPages.");
        }
        else if (linkLast == false)
        {
            errors.Add(fields.PathOf("linkLast"),
                "Only true means anything here: leave linkLast out to read the total from a header or the body.");
        }

        var ways = TotalFields.Where(fields.Has).ToArray();
        if (ways.Length != 1)
        {
            errors.Add(path, ways.Length == 0
                ? $"Say where the first page states the total: {shape}."
                : $"Give one place to read the total from, not {string.Join(" and ", ways)}.");
            return null;
        }

        return new TotalSpec { Counts = counts, Header = header, JsonPointer = pointer, LinkLast = linkLast == true };
    }

    private SourceSpec? ParseList(FieldSet fields, int maxPages, ValidationErrors errors)
    {
        var inline = fields.Get("urls");
        var blob = fields.Get("urlsBlob");
        if (inline is not null && blob is not null)
        {
            errors.Add("source", "Give urls (the URLs themselves) or urlsBlob (a blob of one URL per line), not both.");
            return null;
        }

        return blob is { } reference ? ParseUrlsBlob(reference, errors) : ParseUrls(inline, maxPages, errors);
    }

    private SourceSpec? ParseUrls(JsonElement? element, int maxPages, ValidationErrors errors)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            errors.Add("source.urls", "Must be an array of URLs.");
            return null;
        }

        var count = array.GetArrayLength();
        if (count == 0)
        {
            errors.Add("source.urls", "Must hold at least one URL.");
            return null;
        }

        if (count > maxPages)
        {
            errors.Add("source.urls", TooManyPages($"Holds {count} URLs", (ulong)count, maxPages));
            return null;
        }

        var urls = new List<string>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"source.urls[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(path, "Must be a string.");
                continue;
            }

            var url = item.GetString()!;
            if (ValidateUrl(url) is { } problem)
            {
                errors.Add(path, problem);
                continue;
            }

            urls.Add(url);
        }

        return urls.Count == count ? SourceSpec.List(urls) : null;
    }

    private static SourceSpec? ParseUrlsBlob(JsonElement element, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source.urlsBlob",
                """Must be an object naming a blob of one URL per line: {"container": "inputs", "name": "lists/urls.txt"}.""");
            return null;
        }

        var fields = Fields(element, "source.urlsBlob", BlobReferenceFields, errors);
        var container = fields.String("container", errors, required: true);
        if (container is not null && BlobNameRules.ProblemWithContainer(container) is { } containerProblem)
        {
            errors.Add("source.urlsBlob.container", containerProblem);
            container = null;
        }

        var name = fields.String("name", errors, required: true);
        if (name is not null && BlobNameRules.ProblemWithBlobName(name) is { } nameProblem)
        {
            errors.Add("source.urlsBlob.name", nameProblem);
            name = null;
        }

        return container is null || name is null ? null : SourceSpec.ListInBlob(container, name);
    }

    private SourceSpec? ParseFollow(FieldSet fields, ValidationErrors errors)
    {
        var url = fields.String("url", errors, required: false);
        if (!fields.Has("url"))
        {
            errors.Add("source.url", "Required: the URL of the first page.");
        }
        else if (url is not null && ValidateUrl(url) is { } problem)
        {
            errors.Add("source.url", problem);
            url = null;
        }

        NextSpec? next = null;
        if (fields.Get("next") is { } nextElement)
        {
            next = ParseNext(nextElement, errors);
        }
        else
        {
            errors.Add("source.next", $"Required: how each page names the next, {NextShape}.");
        }

        var stopWhenEmpty = JsonPointer(fields, "stopWhenEmpty", errors);
        return url is null || next is null ? null : SourceSpec.Follow(url, next) with { StopWhenEmpty = stopWhenEmpty };
    }

    private static NextSpec? ParseNext(JsonElement element, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source.next", $"Must be an object: {NextShape}.");
            return null;
        }

        var fields = Fields(element, "source.next", NextFields, errors);
        var linkHeader = fields.Boolean("linkHeader", errors);
        if (linkHeader == false)
        {
            errors.Add("source.next.linkHeader", "Only true means anything here: leave linkHeader out to find the next page in the body.");
        }

        var pointer = JsonPointer(fields, "jsonPointer", errors);
        var cursorPointer = JsonPointer(fields, "cursorPointer", errors);
        var cursorParam = fields.String("cursorParam", errors, required: false);
        if (!fields.Has("cursorPointer"))
        {
            if (fields.Has("cursorParam"))
            {
                errors.Add("source.next.cursorParam", "Applies only with cursorPointer, which says where in the body the cursor is.");
            }
        }
        else if (!fields.Has("cursorParam"))
        {
            errors.Add("source.next.cursorParam",
                "Required with cursorPointer: the query parameter that carries the cursor to the next page, such as \"cursor\".");
        }
        else if (cursorParam is not null && SourceFieldRules.ProblemWithQueryParameterName(cursorParam) is { } paramProblem)
        {
            errors.Add("source.next.cursorParam", paramProblem);
        }

        var ways = NextWays.Where(fields.Has).ToArray();
        if (ways.Length != 1)
        {
            errors.Add("source.next", ways.Length == 0
                ? $"Say how a page names the next: {NextShape}."
                : $"Give one way to find the next page, not {string.Join(" and ", ways)}.");
            return null;
        }

        return new NextSpec
        {
            LinkHeader = linkHeader == true,
            JsonPointer = pointer,
            CursorPointer = cursorPointer,
            CursorParam = cursorParam,
        };
    }

    /// <summary>A JSON pointer field, checked; null when it is left out or refused.</summary>
    private static string? JsonPointer(FieldSet fields, string name, ValidationErrors errors)
    {
        // "" is a pointer too: to the whole body.
        var pointer = fields.String(name, errors, required: false, allowEmpty: true);
        if (pointer is not null && SourceFieldRules.ProblemWithJsonPointer(pointer) is { } problem)
        {
            errors.Add(fields.PathOf(name), problem);
            return null;
        }

        return pointer;
    }

    /// <summary>Why a source of a known size is too large: over the job's maxPages, which can be raised, or the service's limit.</summary>
    private string TooManyPages(string holds, ulong count, int maxPages)
    {
        var limit = limits.Value.MaxPagesPerJob;
        return count <= (ulong)limit
            ? $"{holds}, more than maxPages ({maxPages}); raise maxPages (up to {limit}, the service's limit) or ask for fewer pages."
            : $"{holds}; a job may have at most {limit}.";
    }

    private string? ValidateUrl(string url)
    {
        var maxLength = limits.Value.MaxUrlLength;
        if (url.Length > maxLength)
        {
            return $"URLs must be at most {maxLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"'{Truncate(url)}' is not an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"Only http and https URLs can be fetched, not '{uri.Scheme}'.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URLs must not carry credentials; send them in headers.";
        }

        if (LiteralAddress(uri) is { } address && _networks.Refusal(address) is { } refusal)
        {
            return $"'{Truncate(url)}' names a blocked address: {refusal}. Private networks are refused unless "
                + $"{OutboundOptions.SectionName}:AllowPrivateNetworks or AllowedNetworks allows them.";
        }

        return null;
    }

    /// <summary>
    /// The IP address a URL's host spells, however it spells it: <see cref="Uri"/> reads the short, decimal, octal and
    /// hexadecimal IPv4 forms, and the IDN form turns full-width digits and dots into plain ones.
    /// </summary>
    private static IPAddress? LiteralAddress(Uri uri)
    {
        string host;
        try
        {
            host = uri.IdnHost;
        }
        catch (UriFormatException)
        {
            host = uri.Host;
        }

        host = host.TrimEnd('.');
        return IPAddress.TryParse(host, out var address) ? address : null;
    }

    private ImmutableDictionary<string, string> ParseHeaders(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } headers)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        if (headers.ValueKind != JsonValueKind.Object)
        {
            errors.Add("headers", "Must be an object of header names to values.");
            return ImmutableDictionary<string, string>.Empty;
        }

        var limit = limits.Value;
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers.EnumerateObject())
        {
            var path = $"headers.{header.Name}";
            if (result.Count >= limit.MaxHeaders)
            {
                errors.Add("headers", $"At most {limit.MaxHeaders} headers are allowed.");
                break;
            }

            if (HeaderRules.ProblemWithName(header.Name) is { } nameProblem)
            {
                errors.Add(path, nameProblem);
                continue;
            }

            if (header.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(path, "Must be a string.");
                continue;
            }

            var value = header.Value.GetString()!;
            if (value.Length > limit.MaxHeaderValueLength)
            {
                errors.Add(path, $"Must be at most {limit.MaxHeaderValueLength} characters.");
            }
            else if (HeaderRules.ProblemWithValue(value) is { } valueProblem)
            {
                errors.Add(path, valueProblem);
            }
            else if (!result.TryAdd(header.Name, value))
            {
                errors.Add(path, "Is given more than once.");
            }
        }

        return result.ToImmutable();
    }

    private static RetrySpec? ParseRetry(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } retry)
        {
            return new RetrySpec();
        }

        if (retry.ValueKind != JsonValueKind.Object)
        {
            errors.Add("retry", "Must be an object.");
            return null;
        }

        var fields = Fields(retry, "retry", RetryFields, errors);
        var maxAttempts = fields.Integer("maxAttempts", 1, JobDefaults.MaxMaxAttempts, errors) ?? JobDefaults.MaxAttempts;
        var baseDelay = fields.Number("baseDelaySeconds", 0, JobDefaults.MaxRetryDelaySeconds, errors) ?? JobDefaults.RetryBaseDelaySeconds;
        var maxDelay = fields.Number("maxDelaySeconds", 0, JobDefaults.MaxRetryDelaySeconds, errors)
            ?? Math.Max(JobDefaults.RetryMaxDelaySeconds, baseDelay);
        if (maxDelay < baseDelay)
        {
            errors.Add("retry.maxDelaySeconds", $"Must not be less than baseDelaySeconds ({baseDelay}).");
        }

        return new RetrySpec { MaxAttempts = maxAttempts, BaseDelaySeconds = baseDelay, MaxDelaySeconds = maxDelay };
    }

    private DestinationSpec? ParseDestination(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } destination)
        {
            return new DestinationSpec(JobDefaults.Container, JobDefaults.Prefix);
        }

        if (destination.ValueKind != JsonValueKind.Object)
        {
            errors.Add("destination", "Must be an object.");
            return null;
        }

        var fields = Fields(destination, "destination", DestinationFields, errors);
        var container = fields.String("container", errors, required: false) ?? JobDefaults.Container;
        if (BlobNameRules.ProblemWithContainer(container) is { } containerProblem)
        {
            errors.Add("destination.container", containerProblem);
        }

        var prefix = fields.String("prefix", errors, required: false);
        if (prefix is not null && ProblemWithPrefix(prefix) is { } prefixProblem)
        {
            errors.Add("destination.prefix", prefixProblem);
        }

        var ifExists = IfPrefixExists.Fail;
        if (fields.String("ifExists", errors, required: false) is { } policy)
        {
            if (IfExistsNames.FirstOrDefault(name => string.Equals(name.Name, policy, StringComparison.OrdinalIgnoreCase)) is { Name: not null } known)
            {
                ifExists = known.Policy;
            }
            else
            {
                errors.Add("destination.ifExists",
                    "Must be \"fail\" (refuse a prefix that holds another job's data; the default), \"replace\" (remove that job's pages "
                    + "first) or \"newVersion\" (write under a new sub-folder, v2, v3, ...).");
            }
        }

        return new DestinationSpec(container, prefix?.TrimEnd('/') ?? JobDefaults.Prefix, ifExists);
    }

    private static readonly (string Name, IfPrefixExists Policy)[] IfExistsNames =
        [("fail", IfPrefixExists.Fail), ("replace", IfPrefixExists.Replace), ("newVersion", IfPrefixExists.NewVersion)];

    /// <summary>
    /// A prefix's placeholders must be known, and it must make a valid prefix once they are filled in (checked with the
    /// longest values they take).
    /// </summary>
    private string? ProblemWithPrefix(string prefix)
    {
        if (PrefixTemplate.ProblemWith(prefix) is { } placeholderProblem)
        {
            return placeholderProblem;
        }

        var expanded = PrefixTemplate.Expand(prefix, Guid.Empty, SampleCreatedAt);
        return BlobNameRules.ProblemWithPrefix(expanded, limits.Value.MaxPrefixLength) is { } problem && PrefixTemplate.HasPlaceholders(prefix)
            ? $"{problem} (With its placeholders filled in it reads, for example, '{Truncate(expanded)}'.)"
            : BlobNameRules.ProblemWithPrefix(expanded, limits.Value.MaxPrefixLength);
    }

    private FailureSpec? ParseFailure(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } failure)
        {
            return new FailureSpec();
        }

        if (failure.ValueKind != JsonValueKind.Object)
        {
            errors.Add("failure", "Must be an object.");
            return null;
        }

        var fields = Fields(failure, "failure", FailureFields, errors);
        var defaults = new FailureSpec();
        return new FailureSpec
        {
            MaxFailedPages = fields.Integer("maxFailedPages", 0, limits.Value.MaxPagesPerJob, errors),
            MaxFailedFraction = fields.Number("maxFailedFraction", 0, 1, errors),
            FailFast = fields.Boolean("failFast", errors) ?? defaults.FailFast,
        };
    }

    /// <summary>The job's own limits towards its hosts; on errors the defaults stand in (no spec is made then).</summary>
    private static PolitenessSpec ParsePoliteness(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } politeness)
        {
            return new PolitenessSpec();
        }

        if (politeness.ValueKind != JsonValueKind.Object)
        {
            errors.Add("politeness", "Must be an object.");
            return new PolitenessSpec();
        }

        var fields = Fields(politeness, "politeness", ["maxRequestsPerSecond", "respectRobotsTxt"], errors);
        return new PolitenessSpec
        {
            // Greater than 0: the smallest positive double is the bound, and the error says "greater than 0".
            MaxRequestsPerSecond = fields.Number("maxRequestsPerSecond", double.Epsilon, PolitenessSpec.MaxMaxRequestsPerSecond, errors),
            RespectRobotsTxt = fields.Boolean("respectRobotsTxt", errors) ?? false,
        };
    }

    private static FieldSet Fields(JsonElement element, string path, string[] known, ValidationErrors errors)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = FieldSet.Join(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                if (RenamedFields.TryGetValue(property.Name, out var renamed) && known.Contains(renamed.NewName, StringComparer.Ordinal))
                {
                    errors.Add(fieldPath, $"Renamed: use '{renamed.NewName}' ({renamed.Why}).");
                    continue;
                }

                var suggestion = FieldSuggestions.Closest(property.Name, known);
                errors.Add(fieldPath, suggestion is null
                    ? $"Unknown field. Known fields here: {string.Join(", ", known)}."
                    : $"Unknown field; did you mean '{suggestion}'?");
                continue;
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(fieldPath, "Is given more than once.");
            }
        }

        return new FieldSet(path, fields);
    }

    /// <summary>The path of the first property name or string that cannot be read as UTF-16, or null when all can.</summary>
    private static string? UnreadableString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnreadableString(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                    {
                        return path;
                    }

                    if (UnreadableString(property.Value, FieldSet.Join(path, name)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
