using System.Text;
using Ingestion.Grains.Jobs.Index;

namespace Ingestion.UnitTests.Jobs;

/// <summary>Where jobs sit in the job index: newest first across months, and continuations that name a row exactly.</summary>
public class JobIndexKeysTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    [Fact]
    public void Newer_jobs_sort_first_within_a_month_and_across_months_and_years()
    {
        var times = new[]
        {
            DateTimeOffset.Parse("2026-12-31T23:59:59.9999999Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-30T23:59:59Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-01-15T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2025-12-31T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        };

        var keys = times.Select(time => (JobIndexKeys.PartitionOf(time), JobIndexKeys.RowOf(Id, time))).ToList();

        Assert.Equal(keys, keys.OrderBy(key => key.Item1, StringComparer.Ordinal).ThenBy(key => key.Item2, StringComparer.Ordinal));
        Assert.Equal(4, keys.Select(key => key.Item1).Distinct().Count());
    }

    [Fact]
    public void A_month_is_one_partition_whatever_the_offset_the_time_was_written_in()
    {
        Assert.Equal(
            JobIndexKeys.PartitionOf(DateTimeOffset.Parse("2026-12-01T00:30:00+01:00", System.Globalization.CultureInfo.InvariantCulture)),
            JobIndexKeys.PartitionOf(DateTimeOffset.Parse("2026-11-30T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Jobs_created_at_the_same_instant_are_told_apart_by_their_ids()
    {
        var at = DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.NotEqual(JobIndexKeys.RowOf(Id, at), JobIndexKeys.RowOf(Guid.CreateVersion7(), at));
    }

    [Fact]
    public void A_continuation_names_the_row_it_was_made_after()
    {
        var at = DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var (partition, row) = (JobIndexKeys.PartitionOf(at), JobIndexKeys.RowOf(Id, at));

        var continuation = JobIndexKeys.ContinuationAfter(partition, row);

        Assert.True(JobIndexKeys.TryReadContinuation(continuation, out var readPartition, out var readRow));
        Assert.Equal((partition, row), (readPartition, readRow));
        Assert.DoesNotContain('/', continuation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("MDAwMDAw")]
    public void Text_that_is_no_continuation_of_this_index_is_refused(string text) =>
        Assert.False(JobIndexKeys.TryReadContinuation(text, out _, out _));

    [Fact]
    public void A_continuation_with_a_filter_smuggled_in_is_refused()
    {
        var forged = Convert.ToBase64String(Encoding.ASCII.GetBytes("797300/0' or PartitionKey ne '")).TrimEnd('=');

        Assert.False(JobIndexKeys.TryReadContinuation(forged, out _, out _));
    }
}
