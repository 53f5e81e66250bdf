using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Ingestion.Api.Jobs.Wire;

namespace Ingestion.UnitTests;

/// <summary>
/// The wire records as the parser reads them: the source shapes that the OpenAPI document lists one by one, and the
/// kinds of source they make.
/// </summary>
public sealed class WireShapeTests
{
    [Fact]
    public void Each_kind_of_source_is_made_by_the_fields_its_shapes_require() =>
        Assert.Equal(
            ["Range: range, made by UrlTemplate and Pages", "List: list, made by Urls and UrlsBlob", "Follow: follow, made by Url and Next"],
            SourceShapes.Kinds.Select(kind =>
                $"{kind}: {SourceShapes.KindName(kind)}, made by {string.Join(" and ", SourceShapes.MakingFields(kind))}"));

    /// <summary>
    /// The parser reads a field that several shapes take by its first declaration, so the others must not say otherwise:
    /// a bound changed in one shape only would hold in the document and not in the parser. The page range alone differs
    /// by design: an open range's has no end.
    /// </summary>
    [Fact]
    public void A_field_that_several_source_shapes_take_is_declared_alike_in_each()
    {
        var declarations = SourceShapes.All
            .SelectMany(shape => WireShape.Of(shape.Record).Fields)
            .Where(field => field.Property.Name != nameof(RangeSourceInput.Pages))
            .GroupBy(field => field.Name)
            .Where(group => group.Count() > 1)
            .ToList();

        Assert.Contains(declarations, group => group.Key == "allowEmpty");
        Assert.All(declarations, group => Assert.Single(group.Select(Declaration).Distinct()));
        Assert.Equal(["from"], WireShape.Of<OpenPageRangeInput>().Names);
        Assert.Equal(["from", "to"], WireShape.Of<PageRangeInput>().Names);
    }

    [Fact]
    public void A_field_renamed_in_an_earlier_version_is_found_by_its_former_name() =>
        Assert.Equal("failFast", WireShape.Of<FailureInput>().Renamed("stopOnAuthFailures")?.Field.Name);

    [Theory]
    [InlineData(typeof(NextPageInput), "linkHeader", true)]
    [InlineData(typeof(NextPageInput), "jsonPointer", true)]
    [InlineData(typeof(NextPageInput), "cursorParam", false)]
    [InlineData(typeof(TotalPagesInput), "header", false)]
    [InlineData(typeof(DestinationInput), "ifExists", false)]
    [InlineData(typeof(RangeSourceInput), "urlTemplate", false)]
    public void Only_a_field_whose_schema_takes_the_empty_string_does(Type record, string field, bool takesEmpty) =>
        Assert.Equal(takesEmpty, WireShape.Of(record).Named(field)!.AllowsEmptyString);

    /// <summary>What a declaration says of its value, apart from its words (descriptions differ by shape).</summary>
    private static string Declaration(WireField field)
    {
        var property = field.Property;
        var range = property.GetCustomAttribute<RangeAttribute>();
        return string.Join(
            " ",
            property.PropertyType,
            field.IsRequired,
            field.AllowsEmptyString,
            $"{range?.Minimum}..{range?.Maximum}{(range?.MinimumIsExclusive == true ? " exclusive" : "")}",
            property.GetCustomAttribute<MinLengthAttribute>()?.Length,
            property.GetCustomAttribute<RegularExpressionAttribute>()?.Pattern);
    }
}
