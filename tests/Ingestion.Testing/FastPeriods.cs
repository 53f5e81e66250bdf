namespace Ingestion.Testing;

/// <summary>
/// The periods of a test silo that recovers in seconds instead of minutes: a job saves its progress, its watchdog looks
/// at it and its retries fall back to reminders much sooner than in production, and a killed silo is declared dead in
/// seconds. Set by <see cref="IngestionTestClusterBuilder.WithFastPeriods"/>.
/// </summary>
public static class FastPeriods
{
    /// <summary>How often a running job saves its progress (<c>Ingestion:Jobs:CheckpointInterval</c>).</summary>
    public static readonly TimeSpan Checkpoint = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a job's watchdog checks on it (<c>Ingestion:Jobs:WatchdogPeriod</c>).</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(2);

    /// <summary>How long after a retry is due its reminder steps in (<c>Ingestion:Retries:ReminderGrace</c>).</summary>
    public static readonly TimeSpan ReminderGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Retries due later than this wait on their reminder alone (<c>Ingestion:Retries:TimerThreshold</c>), so that tests
    /// reach that path too.
    /// </summary>
    public static readonly TimeSpan RetryTimerThreshold = TimeSpan.FromMilliseconds(1500);

    /// <summary>The shortest reminder period Orleans accepts, a minute in production; Orleans' own tests lower it too.</summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo waits for a probe's answer before counting it missed; two missed declare a silo dead.</summary>
    public static readonly TimeSpan MembershipProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The silo settings of the periods above.</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Ingestion:Jobs:CheckpointInterval", Checkpoint.ToString()),
        new("Ingestion:Jobs:WatchdogPeriod", Watchdog.ToString()),
        new("Ingestion:Retries:ReminderGrace", ReminderGrace.ToString()),
        new("Ingestion:Retries:TimerThreshold", RetryTimerThreshold.ToString()),
    ];
}
