using Ingestion.Pipelines;

namespace Ingestion.UnitTests.Pipelines;

public sealed class TickActionsTests
{
    [Theory]
    [InlineData(OverlapPolicy.Skip, false, false, TickAction.Start)]
    [InlineData(OverlapPolicy.Queue, false, false, TickAction.Start)]
    [InlineData(OverlapPolicy.CancelRunning, false, false, TickAction.Start)]
    [InlineData(OverlapPolicy.Skip, true, false, TickAction.Skip)]
    [InlineData(OverlapPolicy.Queue, true, false, TickAction.Queue)]
    [InlineData(OverlapPolicy.Queue, true, true, TickAction.Skip)]
    [InlineData(OverlapPolicy.CancelRunning, true, false, TickAction.CancelRunningThenStart)]
    public void A_tick_does_what_the_overlap_policy_says(OverlapPolicy policy, bool running, bool queued, TickAction expected)
    {
        Assert.Equal(expected, TickActions.Decide(policy, running, queued));
    }
}
