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
        ["name", "source", "headers", "concurrency", "requestTimeoutSeconds", "retry", "destination", "failure"];

    private const int MaxPageSize = 1_000_000;

    private static readonly string[] SourceFields = ["kind", "urlTemplate", "pages", "pageSize", "urls"];
    private static readonly string[] PageRangeFields = ["from", "to"];
    private static readonly string[] RetryFields = ["maxAttempts", "baseDelaySeconds", "maxDelaySeconds"];
    private static readonly string[] DestinationFields = ["container", "prefix"];
    private static readonly string[] FailureFields = ["maxFailedPages", "maxFailedFraction", "stopOnAuthFailures"];

    public JobSpec? Parse(JsonElement root, Guid jobId, ValidationErrors errors)
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

        var source = ParseSource(fields.Get("source"), errors);
        var headers = ParseHeaders(fields.Get("headers"), errors);
        var concurrency = fields.Integer("concurrency", JobDefaults.MinConcurrency, JobDefaults.MaxConcurrency, errors)
            ?? JobDefaults.Concurrency;
        var timeout = fields.Number("requestTimeoutSeconds", 0.001, JobDefaults.MaxRequestTimeoutSeconds, errors)
            ?? JobDefaults.RequestTimeoutSeconds;
        var retry = ParseRetry(fields.Get("retry"), errors);
        var destination = ParseDestination(fields.Get("destination"), jobId, errors);
        var failure = ParseFailure(fields.Get("failure"), errors);

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
        };
    }

    private SourceSpec? ParseSource(JsonElement? element, ValidationErrors errors)
    {
        if (element is not { } source)
        {
            errors.Add("source", "Required: give either urlTemplate and pages (a range) or urls (a list).");
            return null;
        }

        if (source.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source", "Must be an object.");
            return null;
        }

        var fields = Fields(source, "source", SourceFields, errors);
        var kind = fields.String("kind", errors, required: false);
        var isRange = fields.Has("urlTemplate") || fields.Has("pages");
        var isList = fields.Has("urls");
        if (isRange == isList)
        {
            errors.Add("source", isRange
                ? "Give either urlTemplate and pages (a range) or urls (a list), not both."
                : "Give either urlTemplate and pages (a range) or urls (a list).");
            return null;
        }

        if (isList && fields.Has("pageSize"))
        {
            errors.Add("source.pageSize", "Applies only to a range (urlTemplate and pages).");
        }

        var inferred = isRange ? SourceKind.Range : SourceKind.List;
        if (kind is not null && !string.Equals(kind, inferred.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("source.kind", $"The fields given make a {inferred.ToString().ToLowerInvariant()} source, not '{kind}'.");
        }

        return isRange ? ParseRange(fields, errors) : ParseList(fields.Get("urls"), errors);
    }

    private SourceSpec? ParseRange(FieldSet fields, ValidationErrors errors)
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

        if (fields.Get("pages") is not { } pagesElement)
        {
            errors.Add("source.pages", "Required with urlTemplate: {\"from\": first, \"to\": last}.");
            return null;
        }

        if (pagesElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add("source.pages", "Must be an object: {\"from\": first, \"to\": last}.");
            return null;
        }

        var pages = Fields(pagesElement, "source.pages", PageRangeFields, errors);
        var from = pages.Long("from", 0, long.MaxValue, errors, required: true);
        var to = pages.Long("to", 0, long.MaxValue, errors, required: true);
        if (from is null || to is null)
        {
            return null;
        }

        if (to < from)
        {
            errors.Add("source.pages.to", $"Must not be less than from ({from}).");
            return null;
        }

        var maxPages = limits.Value.MaxPagesPerJob;
        if (to.Value - from.Value >= maxPages)
        {
            errors.Add("source.pages", $"The range holds {to.Value - from.Value + 1} pages; a job may have at most {maxPages}.");
            return null;
        }

        if (template is null)
        {
            return null;
        }

        // The template must make a valid URL for every page; the first and last are enough to show it.
        foreach (var page in new[] { from.Value, to.Value })
        {
            if (ValidateUrl(SourceSpec.ExpandTemplate(template, page, from.Value, pageSize)) is { } problem)
            {
                errors.Add("source.urlTemplate", problem);
                return null;
            }
        }

        return SourceSpec.Range(template, from.Value, to.Value, pageSize);
    }

    private SourceSpec? ParseList(JsonElement? element, ValidationErrors errors)
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

        var maxPages = limits.Value.MaxPagesPerJob;
        if (count > maxPages)
        {
            errors.Add("source.urls", $"Holds {count} URLs; a job may have at most {maxPages}.");
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

    private DestinationSpec? ParseDestination(JsonElement? element, Guid jobId, ValidationErrors errors)
    {
        if (element is not { } destination)
        {
            return new DestinationSpec(JobDefaults.Container, JobDefaults.Prefix(jobId));
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
        if (prefix is not null && BlobNameRules.ProblemWithPrefix(prefix, limits.Value.MaxPrefixLength) is { } prefixProblem)
        {
            errors.Add("destination.prefix", prefixProblem);
        }

        return new DestinationSpec(container, prefix?.TrimEnd('/') ?? JobDefaults.Prefix(jobId));
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
            StopOnAuthFailures = fields.Boolean("stopOnAuthFailures", errors) ?? defaults.StopOnAuthFailures,
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
                var suggestion = known.FirstOrDefault(name => string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase));
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
