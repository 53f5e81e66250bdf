using Ingestion.Api.Jobs;

namespace Ingestion.UnitTests;

public class IdempotencyKeysTests
{
    [Fact]
    public void The_same_key_always_gives_the_same_job_id() =>
        Assert.Equal(IdempotencyKeys.JobIdFor("order-42"), IdempotencyKeys.JobIdFor("order-42"));

    [Fact]
    public void Different_keys_give_different_job_ids()
    {
        string[] keys = ["order-42", "order-43", "Order-42", "order-42 ", "a", "b"];

        var ids = keys.Select(IdempotencyKeys.JobIdFor).ToList();

        Assert.Equal(keys.Length, ids.Distinct().Count());
    }

    [Fact]
    public void A_derived_id_is_a_version_8_uuid_with_the_rfc_variant()
    {
        var id = IdempotencyKeys.JobIdFor("order-42");

        Assert.Equal(8, id.Version);
        Assert.Equal('8', id.ToString()[14]);
        Assert.Contains(id.ToString()[19], "89ab");
    }

    [Fact]
    public void A_derived_id_never_equals_a_version_7_id() =>
        Assert.NotEqual(Guid.CreateVersion7().Version, IdempotencyKeys.JobIdFor("order-42").Version);

    [Theory]
    [InlineData("a")]
    [InlineData("order-42")]
    [InlineData("with spaces and ~!@#$%^&*()_+{}|:\"<>?")]
    [InlineData("0193a000-0000-7000-8000-000000000001")]
    public void Printable_ascii_keys_are_accepted(string key) =>
        Assert.Null(IdempotencyKeys.ProblemWith(key));

    [Fact]
    public void A_key_of_200_characters_is_accepted_and_one_of_201_is_not()
    {
        Assert.Null(IdempotencyKeys.ProblemWith(new string('k', 200)));
        Assert.NotNull(IdempotencyKeys.ProblemWith(new string('k', 201)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("del\u007f")]
    [InlineData("caf\u00e9")]
    public void Empty_or_non_printable_keys_are_refused(string key) =>
        Assert.Equal("Must be 1 to 200 printable ASCII characters.", IdempotencyKeys.ProblemWith(key));
}
