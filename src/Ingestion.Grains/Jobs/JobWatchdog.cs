using Ingestion.Jobs;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Ingestion.Grains.Jobs;

/// <summary>
/// The reminder that brings a running job back after its silo dies (and hands out again the pages lost with a silo):
/// registered while the job runs, removed once it has ended. A registration that fails is tried again at the next checkpoint.
/// </summary>
internal sealed class JobWatchdog(IGrainBase grain, Guid jobId, JobOptions options, ReminderOptions reminderOptions, ILogger logger)
{
    public const string ReminderName = "watchdog";

    public bool Missing { get; private set; }

    public async Task EnsureAsync()
    {
        var period = options.WatchdogPeriod < reminderOptions.MinimumReminderPeriod ? reminderOptions.MinimumReminderPeriod : options.WatchdogPeriod;
        try
        {
            await grain.RegisterOrUpdateReminder(ReminderName, period, period);
            Missing = false;
        }
        catch (Exception exception)
        {
            // The job runs on; the next checkpoint tries again.
            Missing = true;
            JobLog.WatchdogFailed(logger, exception, jobId);
        }
    }

    public async Task StopAsync()
    {
        try
        {
            if (await grain.GetReminder(ReminderName) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // A watchdog left behind finds the job ended and tries again.
            JobLog.WatchdogRemovalFailed(logger, exception, jobId);
        }
    }
}
