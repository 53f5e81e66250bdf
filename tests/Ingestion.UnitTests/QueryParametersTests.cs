using Ingestion.Inspection;

namespace Ingestion.UnitTests;

public sealed class QueryParametersTests
{
    [Fact]
    public void Parsing_unescapes_names_and_values_and_keeps_each_pair_as_written()
    {
        var parameters = QueryParameters.Parse("?a%20b=1%2F2&flag&&empty=&x=y=z").ToList();

        Assert.Equal(
            [("a b", "1/2", "a%20b=1%2F2"), ("flag", "", "flag"), ("empty", "", "empty="), ("x", "y=z", "x=y=z")],
            parameters);
    }

    [Theory]
    [InlineData("?page=3&per_page=10", "page", "3")]
    [InlineData("per_page=10&page=3&page=4", "page", "3")]
    [InlineData("?pa%67e=5", "page", "5")]
    [InlineData("?per_page=10", "page", null)]
    [InlineData("", "page", null)]
    public void Get_reads_the_first_value_of_a_parameter(string query, string name, string? expected) =>
        Assert.Equal(expected, QueryParameters.Get(query, name));

    [Fact]
    public void Set_replaces_every_earlier_value_and_leaves_the_other_pairs_untouched()
    {
        var url = QueryParameters.Set(new Uri("https://api.example.com/items?cursor=a&limit=10&cursor=b&q=%7Bx%7D"), "cursor", "n/1");

        Assert.Equal("https://api.example.com/items?limit=10&q=%7Bx%7D&cursor=n%2F1", url.AbsoluteUri);
    }
}
