namespace Ingestion.Pipelines;

/// <summary>What a pipeline does about the ticks that are due when it looks: which to run, which it lets go.</summary>
/// <param name="Runs">The ticks to run, oldest first: each starts one run.</param>
/// <param name="Missed">Ticks that passed and are not run (the cluster was down, or past the catch-up limit).</param>
/// <param name="LastTick">The latest tick now dealt with: the next look starts after it, so no tick is dealt with twice.</param>
/// <param name="Next">The next tick after now, when the pipeline should look again; null if the schedule has ended.</param>
public sealed record TickPlan(IReadOnlyList<DateTimeOffset> Runs, int Missed, DateTimeOffset? LastTick, DateTimeOffset? Next)
{
    /// <summary>
    /// Plans the ticks after <paramref name="lastTick"/> up to <paramref name="now"/>. A tick is on time if it is at most
    /// <paramref name="tolerance"/> old (a reminder is delivered a little late); older ones were missed, and
    /// <paramref name="policy"/> says what becomes of them. <c>All</c> runs at most <paramref name="maxCatchUp"/> of
    /// them, the newest ones (older ones count as missed).
    /// </summary>
    public static TickPlan For(
        PipelineSchedule schedule,
        DateTimeOffset? lastTick,
        DateTimeOffset now,
        CatchUpPolicy policy,
        int maxCatchUp,
        TimeSpan tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCatchUp);
        var due = Due(schedule, lastTick, now, out var uncounted);
        if (due.Count == 0)
        {
            return new TickPlan([], 0, lastTick, schedule.NextAfter(now));
        }

        var latest = due[^1];
        var onTime = now - latest <= tolerance;
        var missed = onTime ? due.Take(due.Count - 1).ToList() : due;
        List<DateTimeOffset> runs = policy switch
        {
            CatchUpPolicy.None => onTime ? [latest] : [],
            CatchUpPolicy.Latest => [latest],
            CatchUpPolicy.All => [.. missed.TakeLast(maxCatchUp), .. onTime ? new[] { latest } : []],
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
        };

        return new TickPlan(runs, due.Count + uncounted - runs.Count, latest, schedule.NextAfter(now));
    }

    // A schedule left alone for long (every minute, down for a month) has many due ticks: keep the newest ones, count
    // the rest.
    private const int MaxTicksKept = 10_000;

    private static List<DateTimeOffset> Due(PipelineSchedule schedule, DateTimeOffset? lastTick, DateTimeOffset now, out int uncounted)
    {
        var due = new Queue<DateTimeOffset>();
        uncounted = 0;
        var tick = lastTick is { } last ? schedule.NextAfter(last) : null;
        while (tick is { } at && at <= now)
        {
            due.Enqueue(at);
            if (due.Count > MaxTicksKept)
            {
                due.Dequeue();
                uncounted++;
            }

            tick = schedule.NextAfter(at);
        }

        return [.. due];
    }
}
