using Ingestion.Grains;
using Ingestion.Grains.Pages;

namespace Ingestion.UnitTests.Pages;

public sealed class PageGrainKeysTests
{
    private static readonly Guid Job = Guid.Parse("0198a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 1)]
    [InlineData(17, 17)]
    [InlineData(32, 17)]
    [InlineData(33, 33)]
    [InlineData(0, -15)]
    [InlineData(-15, -15)]
    [InlineData(-16, -31)]
    public void A_page_belongs_to_the_block_of_sixteen_that_holds_it(int page, int first) =>
        Assert.Equal(first, IPageFetchGrain.FirstOfBlock(page));

    [Fact]
    public void The_pages_of_one_block_share_a_grain_named_for_its_job_and_its_pages()
    {
        Assert.Equal("0198a3c45e6f7a8b9c0d1e2f3a4b5c6d/pages-1-16", IPageFetchGrain.KeyFor(Job, 1));
        Assert.Equal(IPageFetchGrain.KeyFor(Job, 1), IPageFetchGrain.KeyFor(Job, 16));
        Assert.Equal("0198a3c45e6f7a8b9c0d1e2f3a4b5c6d/pages-17-32", IPageFetchGrain.KeyFor(Job, 17));
        Assert.NotEqual(IPageFetchGrain.KeyFor(Guid.Empty, 1), IPageFetchGrain.KeyFor(Job, 1));
        Assert.Equal(Job, IPageFetchGrain.JobOf(IPageFetchGrain.KeyFor(Job, 40)));
    }

    [Fact]
    public void A_pages_saved_retry_is_keyed_by_the_page_alone()
    {
        Assert.Equal("0198a3c45e6f7a8b9c0d1e2f3a4b5c6d/5", IPageFetchGrain.StateKeyFor(Job, 5));
        Assert.NotEqual(IPageFetchGrain.StateKeyFor(Job, 5), IPageFetchGrain.StateKeyFor(Job, 6));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1_000_000)]
    [InlineData(-3)]
    public void A_pages_reminder_is_named_for_the_page_and_read_back(int page)
    {
        Assert.Equal($"retry-{page}", PageWork.ReminderNameOf(page));
        Assert.Equal(page, PageWork.PageOfReminder(PageWork.ReminderNameOf(page)));
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("retry-")]
    [InlineData("retry-x")]
    [InlineData("watchdog")]
    public void A_reminder_of_no_page_is_not_read_as_one(string name) => Assert.Null(PageWork.PageOfReminder(name));
}
