using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

    [Fact]
    public void A_field_that_several_source_shapes_take_has_the_constraints_of_its_one_declaration()
    {
        var pageSizes = SourceShapes.All
            .Select(shape => WireShape.Of(shape.Record).Named("pageSize"))
            .OfType<WireField>()
            .Select(field => field.Declared<RangeAttribute>())
            .ToList();

        Assert.Equal(3, pageSizes.Count);
        Assert.All(pageSizes, range => Assert.Equal("1 to 1000000", $"{range?.Minimum} to {range?.Maximum}"));
    }

    [Fact]
    public void A_source_shape_may_describe_a_field_it_shares_in_words_of_its_own() =>
        Assert.Equal(
            "Items per page: for {offset} and {limit}, and required with totalItems.",
            WireShape.Of<DiscoveredRangeSourceInput>().Named("pageSize")!.Declared<DescriptionAttribute>()?.Description);

    [Fact]
    public void A_record_that_states_a_constraint_of_a_field_it_shares_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => WireShape.Of<AllowEmptyWithItsOwnDefault>());

        Assert.Contains("DefaultValueAttribute", refused.Message, StringComparison.Ordinal);
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

    /// <summary>A record that says again, and otherwise, what the shared declaration of allowEmpty says.</summary>
    private sealed record AllowEmptyWithItsOwnDefault : IMayBeEmptySourceInput
    {
        [DefaultValue(true)]
        public bool? AllowEmpty { get; init; }
    }
}
