using Ingestion.Grains.Pages;

namespace Ingestion.UnitTests.Pages;

public sealed class RecentReferencesTests
{
    [Fact]
    public void A_key_asked_again_gets_the_reference_made_the_first_time()
    {
        var references = new RecentReferences<int, object>(capacity: 4);
        var made = 0;

        var first = references.Get(7, 0, (_, _) => { made++; return new object(); });
        var again = references.Get(7, 0, (_, _) => { made++; return new object(); });

        Assert.Same(first, again);
        Assert.Equal(1, made);
    }

    [Fact]
    public void Past_the_capacity_it_starts_over_and_never_keeps_more()
    {
        var references = new RecentReferences<int, string>(capacity: 3);
        var made = new List<int>();
        string Make(int key, List<int> log)
        {
            log.Add(key);
            return $"grain {key}";
        }

        foreach (var key in new[] { 1, 2, 3, 1, 2, 3 })
        {
            Assert.Equal($"grain {key}", references.Get(key, made, Make));
            Assert.InRange(references.Count, 1, 3);
        }

        Assert.Equal([1, 2, 3], made);

        // A fourth key goes past the capacity: the kept ones are dropped, and made again when asked for.
        Assert.Equal("grain 4", references.Get(4, made, Make));
        Assert.Equal(1, references.Count);
        Assert.Equal("grain 1", references.Get(1, made, Make));
        Assert.Equal([1, 2, 3, 4, 1], made);
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecentReferences<int, object>(capacity: 0));
    }
}
