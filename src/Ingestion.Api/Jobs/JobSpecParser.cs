using System.Collections.Immutable;
using System.Text.Json;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Jobs;
using Ingestion.Networking;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Jobs;

/// <summary>
/// Turns a job spec document into a <see cref="JobSpec"/> with its defaults filled in, or into the full list of what is
/// wrong with it. It walks the JSON itself rather than binding a class, so that every bad field is reported at once,
/// by its JSON path, in words a user can act on; but what it walks against is the wire records (<see cref="JobSpecInput"/>
/// and the records it holds): their fields, and what their declarations say of each, are the ones the OpenAPI
/// document shows, and are written nowhere else.
/// </summary>
public sealed class JobSpecParser
{
    private static readonly WireShape Spec = WireShape.Of<JobSpecInput>();

    // Any time will do to check that a prefix's placeholders make a valid name; the longest one shows the length.
    private static readonly DateTimeOffset SampleCreatedAt = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

    private readonly JobLimits _limits;
    private readonly SourceSpecParser _sources;

    public JobSpecParser(IOptions<JobLimits> limits, IOptions<OutboundOptions>? outbound = null)
    {
        _limits = limits.Value;
        _sources = new SourceSpecParser(_limits, new UrlRules(_limits, outbound?.Value.CreatePolicy() ?? NetworkPolicy.Default));
    }

    public JobSpec? Parse(JsonElement root, ValidationErrors errors) => Parse(root, errors, path: "");

    /// <summary>A job spec found at <paramref name="path"/> of a larger document (<c>job</c> in a pipeline), its errors named from there.</summary>
    public JobSpec? Parse(JsonElement root, ValidationErrors errors, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Length == 0 ? "$" : path, "The job spec must be a JSON object.");
            return null;
        }

        if (LoneSurrogates.PathOfFirst(root, path) is { } unreadable)
        {
            errors.Add(unreadable.Length == 0 ? "$" : unreadable, "Holds a \\u escape that is not valid UTF-16 (a lone surrogate).");
            return null;
        }

        var fields = FieldSet.Read(root, path, Spec, errors);
        var name = ParseName(fields, errors);
        var maxPages = ParseMaxPages(fields, errors);
        var source = _sources.Parse(fields, maxPages, errors);
        var headers = ParseHeaders(fields, errors);
        var concurrency = fields.Integer(nameof(JobSpecInput.Concurrency), errors) ?? JobDefaults.Concurrency;
        var timeout = fields.Number(nameof(JobSpecInput.RequestTimeoutSeconds), errors) ?? JobDefaults.RequestTimeoutSeconds;
        var retry = ParseRetry(fields, errors);
        var destination = ParseDestination(fields, errors);
        var failure = ParseFailure(fields, errors);
        var politeness = ParsePoliteness(fields, errors);
        var records = RecordsSpecParser.Parse(fields, errors);

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
            Records = records,
        };
    }

    private string? ParseName(FieldSet fields, ValidationErrors errors)
    {
        var name = fields.String(nameof(JobSpecInput.Name), errors);
        foreach (var problem in name is null ? [] : NameRules.Problems(name, _limits.MaxNameLength))
        {
            errors.Add(fields.PathOf(nameof(JobSpecInput.Name)), problem);
        }

        return name;
    }

    /// <summary>
    /// The job's page budget: the maxPages given, or the default. When the value given is refused, the service's limit
    /// stands in for it (no spec is made then), so that the source is not also refused for a budget nobody asked for.
    /// </summary>
    private int ParseMaxPages(FieldSet fields, ValidationErrors errors)
    {
        var limit = _limits.MaxPagesPerJob;
        if (!fields.Has(nameof(JobSpecInput.MaxPages)))
        {
            return Math.Min(JobDefaults.MaxPages, limit);
        }

        return fields.Integer(nameof(JobSpecInput.MaxPages), errors, maximum: limit) ?? limit;
    }

    private ImmutableDictionary<string, string> ParseHeaders(FieldSet fields, ValidationErrors errors)
    {
        var path = fields.PathOf(nameof(JobSpecInput.Headers));
        if (fields.Get(nameof(JobSpecInput.Headers)) is not { } headers)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        if (headers.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Must be an object of header names to values.");
            return ImmutableDictionary<string, string>.Empty;
        }

        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers.EnumerateObject())
        {
            var headerPath = FieldSet.Join(path, header.Name);
            if (result.Count >= _limits.MaxHeaders)
            {
                errors.Add(path, $"At most {_limits.MaxHeaders} headers are allowed.");
                break;
            }

            if (HeaderRules.ProblemWithName(header.Name) is { } nameProblem)
            {
                errors.Add(headerPath, nameProblem);
                continue;
            }

            if (header.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(headerPath, "Must be a string.");
                continue;
            }

            var value = header.Value.GetString()!;
            if (value.Length > _limits.MaxHeaderValueLength)
            {
                errors.Add(headerPath, $"Must be at most {_limits.MaxHeaderValueLength} characters.");
            }
            else if (HeaderRules.ProblemWithValue(value) is { } valueProblem)
            {
                errors.Add(headerPath, valueProblem);
            }
            else if (!result.TryAdd(header.Name, value))
            {
                errors.Add(headerPath, "Is given more than once.");
            }
        }

        return result.ToImmutable();
    }

    private static RetrySpec? ParseRetry(FieldSet spec, ValidationErrors errors)
    {
        if (!spec.Has(nameof(JobSpecInput.Retry)))
        {
            return new RetrySpec();
        }

        if (spec.Object(nameof(JobSpecInput.Retry), errors) is not { } fields)
        {
            return null;
        }

        var maxAttempts = fields.Integer(nameof(RetryInput.MaxAttempts), errors) ?? JobDefaults.MaxAttempts;
        var baseDelay = fields.Number(nameof(RetryInput.BaseDelaySeconds), errors) ?? JobDefaults.RetryBaseDelaySeconds;
        var maxDelay = fields.Number(nameof(RetryInput.MaxDelaySeconds), errors) ?? Math.Max(JobDefaults.RetryMaxDelaySeconds, baseDelay);
        if (maxDelay < baseDelay)
        {
            errors.Add(fields.PathOf(nameof(RetryInput.MaxDelaySeconds)), $"Must not be less than baseDelaySeconds ({baseDelay}).");
        }

        return new RetrySpec { MaxAttempts = maxAttempts, BaseDelaySeconds = baseDelay, MaxDelaySeconds = maxDelay };
    }

    private DestinationSpec? ParseDestination(FieldSet spec, ValidationErrors errors)
    {
        if (!spec.Has(nameof(JobSpecInput.Destination)))
        {
            return new DestinationSpec(JobDefaults.Container, JobDefaults.Prefix);
        }

        if (spec.Object(nameof(JobSpecInput.Destination), errors) is not { } fields)
        {
            return null;
        }

        var container = fields.String(nameof(DestinationInput.Container), errors) ?? JobDefaults.Container;
        if (BlobNameRules.ProblemWithContainer(container) is { } containerProblem)
        {
            errors.Add(fields.PathOf(nameof(DestinationInput.Container)), containerProblem);
        }

        var prefix = fields.String(nameof(DestinationInput.Prefix), errors);
        if (prefix is not null && ProblemWithPrefix(prefix) is { } prefixProblem)
        {
            errors.Add(fields.PathOf(nameof(DestinationInput.Prefix)), prefixProblem);
        }

        var ifExists = IfPrefixExists.Fail;
        if (fields.String(nameof(DestinationInput.IfExists), errors) is { } policy)
        {
            if (IfExistsNames.Parse(policy) is { } known)
            {
                ifExists = known;
            }
            else
            {
                errors.Add(fields.PathOf(nameof(DestinationInput.IfExists)),
                    "Must be \"fail\" (refuse a prefix that holds another job's data; the default), \"replace\" (remove that job's pages "
                    + "first) or \"newVersion\" (write under a new sub-folder, v2, v3, ...).");
            }
        }

        return new DestinationSpec(container, prefix?.TrimEnd('/') ?? JobDefaults.Prefix, ifExists);
    }

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
        return BlobNameRules.ProblemWithPrefix(expanded, _limits.MaxPrefixLength) is { } problem && PrefixTemplate.HasPlaceholders(prefix)
            ? $"{problem} (With its placeholders filled in it reads, for example, '{UrlRules.Excerpt(expanded)}'.)"
            : BlobNameRules.ProblemWithPrefix(expanded, _limits.MaxPrefixLength);
    }

    private FailureSpec? ParseFailure(FieldSet spec, ValidationErrors errors)
    {
        if (!spec.Has(nameof(JobSpecInput.Failure)))
        {
            return new FailureSpec();
        }

        if (spec.Object(nameof(JobSpecInput.Failure), errors) is not { } fields)
        {
            return null;
        }

        return new FailureSpec
        {
            MaxFailedPages = fields.Integer(nameof(FailureInput.MaxFailedPages), errors, maximum: _limits.MaxPagesPerJob),
            MaxFailedFraction = fields.Number(nameof(FailureInput.MaxFailedFraction), errors),
            FailFast = fields.Boolean(nameof(FailureInput.FailFast), errors) ?? new FailureSpec().FailFast,
        };
    }

    /// <summary>The job's own limits towards its hosts; on errors the defaults stand in (no spec is made then).</summary>
    private static PolitenessSpec ParsePoliteness(FieldSet spec, ValidationErrors errors)
    {
        if (spec.Object(nameof(JobSpecInput.Politeness), errors) is not { } fields)
        {
            return new PolitenessSpec();
        }

        return new PolitenessSpec
        {
            MaxRequestsPerSecond = fields.Number(nameof(PolitenessInput.MaxRequestsPerSecond), errors),
            RespectRobotsTxt = fields.Boolean(nameof(PolitenessInput.RespectRobotsTxt), errors) ?? false,
        };
    }
}
