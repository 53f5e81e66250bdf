using System.Text.Json;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Jobs;

namespace Ingestion.Api.Jobs;

/// <summary>
/// Turns a spec's <c>source</c> into a <see cref="SourceSpec"/>, reading it against the shapes that
/// <see cref="SourceInput"/> declares: the fields given say which kind of source it is, and a field that the shape it
/// turns out to be does not take is refused, saying where it would apply.
/// </summary>
internal sealed class SourceSpecParser(JobLimits limits, UrlRules urls)
{
    // Examples of a field's shape, for messages that say what was expected.
    private const string PagesShape = """{"from": first, "to": last}, or {"from": first} for an open range""";
    private const string TotalPagesShape = """{"header": "X-Total-Pages"}, {"jsonPointer": "/total_pages"} or {"linkLast": true}""";
    private const string TotalItemsShape = """{"header": "X-Total-Count"} or {"jsonPointer": "/total"}""";
    private const string NextShape =
        """{"linkHeader": true}, {"jsonPointer": "/next"} or {"cursorPointer": "/meta/cursor", "cursorParam": "cursor"}""";

    private static readonly WireShape Source = WireShape.Of<SourceInput>();

    // totalItems is read with totalPages's fields too, so that a linkLast there is told why it does not count items.
    private static readonly WireShape Totals = WireShape.Of(typeof(TotalPagesInput), typeof(TotalItemsInput));

    private static readonly string Kinds =
        $"a range ({Needs(SourceKind.Range)}), a list ({Needs(SourceKind.List)}) or a start to follow ({Needs(SourceKind.Follow)})";

    /// <summary>The source of a spec whose fields are <paramref name="spec"/>, or null when it is refused (errors say why).</summary>
    public SourceSpec? Parse(FieldSet spec, int maxPages, ValidationErrors errors)
    {
        if (!spec.Has(nameof(JobSpecInput.Source)))
        {
            errors.Add(spec.PathOf(nameof(JobSpecInput.Source)), $"Required: {Kinds}.");
            return null;
        }

        if (spec.Object(nameof(JobSpecInput.Source), errors) is not { } fields)
        {
            return null;
        }

        var stated = ParseKind(fields, errors);
        var given = SourceShapes.Kinds
            .Select(kind => (Kind: kind, Fields: SourceShapes.MakingFields(kind).Where(fields.Has).ToArray()))
            .Where(kind => kind.Fields.Length > 0)
            .ToArray();
        if (given.Length > 1)
        {
            var mixed = given.Select(kind => $"a {KindName(kind.Kind)} source ({string.Join(", ", kind.Fields.Select(fields.NameOf))})");
            errors.Add(fields.Path, $"Mixes the fields of {string.Join(" and ", mixed)}: give the fields of one kind of source only.");
            return null;
        }

        if (given.Length == 0)
        {
            errors.Add(fields.Path, stated is { } kind ? $"A {KindName(kind)} source needs {Needs(kind)}." : $"Give {Kinds}.");
            return null;
        }

        var inferred = given[0].Kind;
        if (stated is { } statedKind && statedKind != inferred)
        {
            errors.Add(fields.PathOf(nameof(RangeSourceInput.Kind)), $"The fields given make a {KindName(inferred)} source, not a {KindName(statedKind)}.");
        }

        foreach (var field in fields.Given.Where(field => !SourceShapes.Takes(inferred, field)))
        {
            errors.Add(fields.PathOf(field), WhereItApplies(field, inferred));
        }

        var allowEmpty = fields.Boolean(nameof(IMayBeEmptySourceInput.AllowEmpty), errors) ?? false;
        var parsed = inferred switch
        {
            SourceKind.Range => ParseRange(fields, maxPages, errors),
            SourceKind.List => ParseList(fields, maxPages, errors),
            _ => ParseFollow(fields, errors),
        };

        // The shapes of a known size (a fixed range, an inline list) do not take allowEmpty: they say their size instead.
        if (fields.Has(nameof(IMayBeEmptySourceInput.AllowEmpty)) && parsed?.KnownPageCount is { } count)
        {
            errors.Add(fields.PathOf(nameof(IMayBeEmptySourceInput.AllowEmpty)),
                $"Applies only to a source that may turn out empty (an open range, a followed source, a URL list in a blob); this one has {count} {(count == 1 ? "page" : "pages")}.");
            return null;
        }

        return parsed is null ? null : parsed with { AllowEmpty = allowEmpty };
    }

    /// <summary>The kind the spec states, if it states one; it must agree with the kind its fields make.</summary>
    private static SourceKind? ParseKind(FieldSet fields, ValidationErrors errors)
    {
        if (fields.String(nameof(RangeSourceInput.Kind), errors) is not { } kind)
        {
            return null;
        }

        // By the shapes' kind names, ignoring case: not Enum.TryParse, which would also take "2" or "range, list".
        if (SourceShapes.All.FirstOrDefault(shape => string.Equals(kind, shape.KindName, StringComparison.OrdinalIgnoreCase)) is { } known)
        {
            return known.Kind;
        }

        errors.Add(fields.PathOf(nameof(RangeSourceInput.Kind)),
            $"Must be {OneOf(SourceShapes.Kinds.Select(KindName))} (or left out: the fields given say which).");
        return null;
    }

    private static string KindName(SourceKind kind) => SourceShapes.KindName(kind);

    /// <summary>The fields that make a source of the kind, as a message says them: "urls or urlsBlob".</summary>
    private static string Needs(SourceKind kind) =>
        string.Join(" or ", SourceShapes.OfKind(kind)
            .Select(shape => string.Join(" and ", shape.MakingFields.Select(field => Source.Field(field).Name)))
            .Distinct());

    /// <summary>Why a field that a source of the kind given does not take is refused: which sources it is for.</summary>
    private static string WhereItApplies(string field, SourceKind given)
    {
        if (SourceShapes.All.Where(shape => shape.Takes(field)).All(shape => shape.Kind == SourceKind.Range))
        {
            return $"Applies only to a range ({Needs(SourceKind.Range)}).";
        }

        return field == nameof(IEndFoundByFetchingSourceInput.StopWhenEmpty)
            ? "Applies only to an open range or a followed source, whose end is found by fetching."
            : $"Does not apply to a {KindName(given)} source.";
    }

    /// <summary>
    /// Refuses, with <paramref name="why"/>, the fields of a range that <typeparamref name="TShape"/>, the shape the range
    /// turned out to be, does not take; allowEmpty is left to the check of the source's size.
    /// </summary>
    private static void RefuseFieldsNotTakenBy<TShape>(FieldSet fields, string why, ValidationErrors errors)
        where TShape : SourceInput
    {
        var shape = SourceShapes.Of<TShape>();
        foreach (var field in fields.Given.Where(field => !shape.Takes(field) && field != nameof(IMayBeEmptySourceInput.AllowEmpty)))
        {
            errors.Add(fields.PathOf(field), why);
        }
    }

    private SourceSpec? ParseRange(FieldSet fields, int maxPages, ValidationErrors errors)
    {
        var template = fields.String(nameof(RangeSourceInput.UrlTemplate), errors);
        if (template is not null
            && !template.Contains(SourceSpec.PagePlaceholder, StringComparison.Ordinal)
            && !template.Contains(SourceSpec.OffsetPlaceholder, StringComparison.Ordinal))
        {
            errors.Add(fields.PathOf(nameof(RangeSourceInput.UrlTemplate)), "Must contain the placeholder {page} (or {offset}, with pageSize).");
            template = null;
        }

        var pageSize = fields.Integer(nameof(RangeSourceInput.PageSize), errors);
        if (template is not null && SourceSpec.UsesOffset(template) && pageSize is null && !fields.Has(nameof(RangeSourceInput.PageSize)))
        {
            errors.Add(fields.PathOf(nameof(RangeSourceInput.PageSize)), "Required when urlTemplate uses {offset} or {limit}: the number of items per page.");
            template = null;
        }

        if (!fields.Has(nameof(RangeSourceInput.Pages)))
        {
            errors.Add(fields.PathOf(nameof(RangeSourceInput.Pages)), $"Required with urlTemplate: {PagesShape}.");
            return null;
        }

        if (fields.Object(nameof(RangeSourceInput.Pages), errors, $"Must be an object: {PagesShape}.") is not { } pages)
        {
            return null;
        }

        var from = pages.Long(nameof(PageRangeInput.From), errors);
        if (pages.Has(nameof(PageRangeInput.To)))
        {
            RefuseFieldsNotTakenBy<RangeSourceInput>(fields,
                "Applies only to a range without pages.to: with pages.to the range's end is known already.", errors);
            var to = pages.Long(nameof(PageRangeInput.To), errors);
            return from is null || to is null ? null : ParseFixedRange(fields, pages, template, from.Value, to.Value, pageSize, maxPages, errors);
        }

        var discovered = fields.Has(nameof(DiscoveredRangeSourceInput.TotalPages)) || fields.Has(nameof(DiscoveredRangeSourceInput.TotalItems));
        if (discovered)
        {
            RefuseFieldsNotTakenBy<DiscoveredRangeSourceInput>(fields,
                "Applies only to an open range without a total: with totalPages or totalItems, the total says where the range ends.", errors);
        }

        var total = ParseTotal(fields, errors);
        var stopWhenEmpty = discovered ? null : JsonPointer(fields, nameof(OpenRangeSourceInput.StopWhenEmpty), errors);
        if (from is null || ParseOpenRange(fields, pages, template, from.Value, pageSize, maxPages, errors) is not { } range)
        {
            return null;
        }

        return range with { Total = total, StopWhenEmpty = stopWhenEmpty };
    }

    private SourceSpec? ParseFixedRange(
        FieldSet fields, FieldSet pages, string? template, long from, long to, int? pageSize, int maxPages, ValidationErrors errors)
    {
        if (to < from)
        {
            errors.Add(pages.PathOf(nameof(PageRangeInput.To)), $"Must not be less than from ({from}).");
            return null;
        }

        var count = (ulong)(to - from) + 1; // from 0 to long.MaxValue is one page more than a long holds
        if (count > (ulong)maxPages)
        {
            errors.Add(pages.Path, TooManyPages($"The range holds {count} pages", count, maxPages));
            return null;
        }

        if (template is null)
        {
            return null;
        }

        // The template must make a valid URL for every page; the first and last are enough to show it.
        foreach (var page in new[] { from, to })
        {
            if (urls.ProblemWith(SourceSpec.ExpandTemplate(template, page, from, pageSize)) is { } problem)
            {
                errors.Add(fields.PathOf(nameof(RangeSourceInput.UrlTemplate)), problem);
                return null;
            }
        }

        return SourceSpec.Range(template, from, to, pageSize);
    }

    private SourceSpec? ParseOpenRange(
        FieldSet fields, FieldSet pages, string? template, long from, int? pageSize, int maxPages, ValidationErrors errors)
    {
        // The job may run on for maxPages pages, and every page number it reaches must still be a number.
        if (from > long.MaxValue - (maxPages - 1))
        {
            errors.Add(pages.PathOf(nameof(OpenPageRangeInput.From)),
                $"Too large for an open range: it may run on for maxPages ({maxPages}) pages, whose numbers must stay within {long.MaxValue}.");
            return null;
        }

        if (template is null)
        {
            return null;
        }

        // Only the first page is sure to be fetched; where the range ends is found by fetching.
        if (urls.ProblemWith(SourceSpec.ExpandTemplate(template, from, from, pageSize)) is { } problem)
        {
            errors.Add(fields.PathOf(nameof(OpenRangeSourceInput.UrlTemplate)), problem);
            return null;
        }

        return SourceSpec.Range(template, from, to: null, pageSize);
    }

    /// <summary>Where the first page of an open range states the total, or null when the spec says nothing of one.</summary>
    private static TotalSpec? ParseTotal(FieldSet fields, ValidationErrors errors)
    {
        var pages = fields.Has(nameof(DiscoveredRangeSourceInput.TotalPages));
        var items = fields.Has(nameof(DiscoveredRangeSourceInput.TotalItems));
        if (pages && items)
        {
            errors.Add(fields.Path, "Give totalPages or totalItems, not both.");
            return null;
        }

        if (items && !fields.Has(nameof(DiscoveredRangeSourceInput.PageSize)))
        {
            errors.Add(fields.PathOf(nameof(DiscoveredRangeSourceInput.PageSize)),
                "Required with totalItems: the number of items per page, to turn the total into pages.");
        }

        return (pages, items) switch
        {
            (true, _) => ParseTotalSpec(fields, nameof(DiscoveredRangeSourceInput.TotalPages), TotalCounts.Pages, TotalPagesShape, errors),
            (_, true) => ParseTotalSpec(fields, nameof(DiscoveredRangeSourceInput.TotalItems), TotalCounts.Items, TotalItemsShape, errors),
            _ => null,
        };
    }

    private static TotalSpec? ParseTotalSpec(FieldSet source, string property, TotalCounts counts, string shape, ValidationErrors errors)
    {
        if (source.Object(property, errors, $"Must be an object: {shape}.", Totals) is not { } fields)
        {
            return null;
        }

        var header = fields.String(nameof(TotalPagesInput.Header), errors);
        if (header is not null && SourceFieldRules.ProblemWithHeaderName(header) is { } headerProblem)
        {
            errors.Add(fields.PathOf(nameof(TotalPagesInput.Header)), headerProblem);
        }

        var pointer = JsonPointer(fields, nameof(TotalPagesInput.JsonPointer), errors);
        var linkLast = fields.Boolean(nameof(TotalPagesInput.LinkLast), errors);
        if (counts == TotalCounts.Items && fields.Has(nameof(TotalPagesInput.LinkLast)))
        {
            errors.Add(fields.PathOf(nameof(TotalPagesInput.LinkLast)),
                "A Link header's rel=\"last\" names the last page, not a number of items: use it in totalPages.");
        }
        else if (linkLast == false)
        {
            errors.Add(fields.PathOf(nameof(TotalPagesInput.LinkLast)),
                "Only true means anything here: leave linkLast out to read the total from a header or the body.");
        }

        var ways = Totals.Ways.Where(fields.Has).ToArray();
        if (ways.Length != 1)
        {
            errors.Add(fields.Path, ways.Length == 0
                ? $"Say where the first page states the total: {shape}."
                : $"Give one place to read the total from, not {string.Join(" and ", ways.Select(fields.NameOf))}.");
            return null;
        }

        return new TotalSpec { Counts = counts, Header = header, JsonPointer = pointer, LinkLast = linkLast == true };
    }

    private SourceSpec? ParseList(FieldSet fields, int maxPages, ValidationErrors errors)
    {
        if (fields.Has(nameof(UrlListSourceInput.Urls)) && fields.Has(nameof(BlobListSourceInput.UrlsBlob)))
        {
            errors.Add(fields.Path, "Give urls (the URLs themselves) or urlsBlob (a blob of one URL per line), not both.");
            return null;
        }

        return fields.Has(nameof(BlobListSourceInput.UrlsBlob)) ? ParseUrlsBlob(fields, errors) : ParseUrls(fields, maxPages, errors);
    }

    private SourceSpec? ParseUrls(FieldSet fields, int maxPages, ValidationErrors errors)
    {
        var path = fields.PathOf(nameof(UrlListSourceInput.Urls));
        if (fields.Get(nameof(UrlListSourceInput.Urls)) is not { ValueKind: JsonValueKind.Array } array)
        {
            errors.Add(path, "Must be an array of URLs.");
            return null;
        }

        var count = array.GetArrayLength();
        if (count == 0)
        {
            errors.Add(path, "Must hold at least one URL.");
            return null;
        }

        if (count > maxPages)
        {
            errors.Add(path, TooManyPages($"Holds {count} URLs", (ulong)count, maxPages));
            return null;
        }

        var list = new List<string>(count);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(itemPath, "Must be a string.");
                continue;
            }

            var url = item.GetString()!;
            if (urls.ProblemWith(url) is { } problem)
            {
                errors.Add(itemPath, problem);
                continue;
            }

            list.Add(url);
        }

        return list.Count == count ? SourceSpec.List(list) : null;
    }

    private static SourceSpec? ParseUrlsBlob(FieldSet fields, ValidationErrors errors)
    {
        if (fields.Object(nameof(BlobListSourceInput.UrlsBlob), errors,
                """Must be an object naming a blob of one URL per line: {"container": "inputs", "name": "lists/urls.txt"}.""") is not { } blob)
        {
            return null;
        }

        var container = blob.String(nameof(BlobInput.Container), errors);
        if (container is not null && BlobNameRules.ProblemWithContainer(container) is { } containerProblem)
        {
            errors.Add(blob.PathOf(nameof(BlobInput.Container)), containerProblem);
            container = null;
        }

        var name = blob.String(nameof(BlobInput.Name), errors);
        if (name is not null && BlobNameRules.ProblemWithBlobName(name) is { } nameProblem)
        {
            errors.Add(blob.PathOf(nameof(BlobInput.Name)), nameProblem);
            name = null;
        }

        return container is null || name is null ? null : SourceSpec.ListInBlob(container, name);
    }

    private SourceSpec? ParseFollow(FieldSet fields, ValidationErrors errors)
    {
        string? url = null;
        if (!fields.Has(nameof(FollowSourceInput.Url)))
        {
            errors.Add(fields.PathOf(nameof(FollowSourceInput.Url)), "Required: the URL of the first page.");
        }
        else if ((url = fields.String(nameof(FollowSourceInput.Url), errors)) is not null && urls.ProblemWith(url) is { } problem)
        {
            errors.Add(fields.PathOf(nameof(FollowSourceInput.Url)), problem);
            url = null;
        }

        NextSpec? next = null;
        if (fields.Has(nameof(FollowSourceInput.Next)))
        {
            next = ParseNext(fields, errors);
        }
        else
        {
            errors.Add(fields.PathOf(nameof(FollowSourceInput.Next)), $"Required: how each page names the next, {NextShape}.");
        }

        var stopWhenEmpty = JsonPointer(fields, nameof(FollowSourceInput.StopWhenEmpty), errors);
        return url is null || next is null ? null : SourceSpec.Follow(url, next) with { StopWhenEmpty = stopWhenEmpty };
    }

    private static NextSpec? ParseNext(FieldSet source, ValidationErrors errors)
    {
        if (source.Object(nameof(FollowSourceInput.Next), errors, $"Must be an object: {NextShape}.") is not { } fields)
        {
            return null;
        }

        var linkHeader = fields.Boolean(nameof(NextPageInput.LinkHeader), errors);
        if (linkHeader == false)
        {
            errors.Add(fields.PathOf(nameof(NextPageInput.LinkHeader)),
                "Only true means anything here: leave linkHeader out to find the next page in the body.");
        }

        var pointer = JsonPointer(fields, nameof(NextPageInput.JsonPointer), errors);
        var cursorPointer = JsonPointer(fields, nameof(NextPageInput.CursorPointer), errors);
        var cursorParam = fields.String(nameof(NextPageInput.CursorParam), errors);
        var cursorParamPath = fields.PathOf(nameof(NextPageInput.CursorParam));
        if (!fields.Has(nameof(NextPageInput.CursorPointer)))
        {
            if (fields.Has(nameof(NextPageInput.CursorParam)))
            {
                errors.Add(cursorParamPath, "Applies only with cursorPointer, which says where in the body the cursor is.");
            }
        }
        else if (!fields.Has(nameof(NextPageInput.CursorParam)))
        {
            errors.Add(cursorParamPath,
                "Required with cursorPointer: the query parameter that carries the cursor to the next page, such as \"cursor\".");
        }
        else if (cursorParam is not null && SourceFieldRules.ProblemWithQueryParameterName(cursorParam) is { } paramProblem)
        {
            errors.Add(cursorParamPath, paramProblem);
        }

        var ways = WireShape.Of<NextPageInput>().Ways.Where(fields.Has).ToArray();
        if (ways.Length != 1)
        {
            errors.Add(fields.Path, ways.Length == 0
                ? $"Say how a page names the next: {NextShape}."
                : $"Give one way to find the next page, not {string.Join(" and ", ways.Select(fields.NameOf))}.");
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
    private static string? JsonPointer(FieldSet fields, string property, ValidationErrors errors)
    {
        var pointer = fields.String(property, errors);
        if (pointer is not null && SourceFieldRules.ProblemWithJsonPointer(pointer) is { } problem)
        {
            errors.Add(fields.PathOf(property), problem);
            return null;
        }

        return pointer;
    }

    /// <summary>Why a source of a known size is too large: over the job's maxPages, which can be raised, or the service's limit.</summary>
    private string TooManyPages(string holds, ulong count, int maxPages)
    {
        var limit = limits.MaxPagesPerJob;
        return count <= (ulong)limit
            ? $"{holds}, more than maxPages ({maxPages}); raise maxPages (up to {limit}, the service's limit) or ask for fewer pages."
            : $"{holds}; a job may have at most {limit}.";
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string OneOf(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }
}
