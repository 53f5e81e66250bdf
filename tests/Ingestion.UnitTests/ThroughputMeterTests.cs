using Ingestion.Grains.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.UnitTests;

public sealed class ThroughputMeterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RatesAreOverTheTimeSinceStartWhileShorterThanAMinute()
    {
        var meter = new ThroughputMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(9));
        for (var page = 0; page < 50; page++)
        {
            meter.Record(1000);
        }

        var (pages, bytes) = meter.Rates();

        Assert.Equal(5, pages);
        Assert.Equal(5000, bytes);
    }

    [Fact]
    public void PagesOlderThanAMinuteNoLongerCount()
    {
        var meter = new ThroughputMeter(_clock);
        for (var page = 0; page < 600; page++)
        {
            meter.Record(10);
        }

        _clock.Advance(TimeSpan.FromSeconds(90));
        for (var page = 0; page < 120; page++)
        {
            meter.Record(10);
        }

        Assert.Equal(2, meter.Rates().PagesPerSecond);
    }

    [Fact]
    public void AnIdleMinuteMeansNoRate()
    {
        var meter = new ThroughputMeter(_clock);
        meter.Record(10);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, meter.Rates().PagesPerSecond);
    }
}
