using Ingestion.Records;

namespace Ingestion.UnitTests.Records;

/// <summary>The page bodies a records grain keeps as fetch grains hand them over: bounded, taken once, dropped when passed.</summary>
public class OfferedPagesTests
{
    private static OfferedPage Page(int page, int bytes) => new(page, DateTimeOffset.UnixEpoch, new byte[bytes]);

    [Fact]
    public void A_body_is_taken_once_and_frees_its_room()
    {
        var offered = new OfferedPages(capacityBytes: 100);
        Assert.True(offered.Add(Page(1, 60)));
        Assert.False(offered.Add(Page(2, 60)));

        Assert.Equal(1, offered.Take(1)!.Page);
        Assert.Null(offered.Take(1));
        Assert.Null(offered.Take(2));
        Assert.Equal(0, offered.Bytes);
        Assert.True(offered.Add(Page(2, 60)));
    }

    [Fact]
    public void A_page_offered_again_replaces_its_earlier_body()
    {
        var offered = new OfferedPages(capacityBytes: 100);
        offered.Add(Page(3, 70));

        Assert.True(offered.Add(Page(3, 90)));
        Assert.Equal(90, offered.Bytes);
        Assert.Equal(90, offered.Take(3)!.Body.Length);
    }

    [Fact]
    public void Bodies_of_pages_already_passed_are_dropped()
    {
        var offered = new OfferedPages(capacityBytes: 1_000);
        foreach (var page in new[] { 1, 5, 9 })
        {
            offered.Add(Page(page, 10));
        }

        offered.DropBefore(6);

        Assert.Equal(1, offered.Count);
        Assert.Equal(10, offered.Bytes);
        Assert.NotNull(offered.Take(9));
    }
}
