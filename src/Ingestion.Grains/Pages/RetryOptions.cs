using System.ComponentModel.DataAnnotations;

namespace Ingestion.Pages;

/// <summary>How waiting retries are kept; bound from <c>Ingestion:Retries</c> and validated at start-up.</summary>
public sealed class RetryOptions
{
    public const string SectionName = "Ingestion:Retries";

    /// <summary>
    /// A retry due within this waits on a timer in the page's activation, with a reminder as the backstop should the
    /// silo die; a later one waits on the reminder alone and the activation is let go.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TimerThreshold { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after a timer-driven retry was due its backstop reminder fires.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReminderGrace { get; set; } = TimeSpan.FromSeconds(30);
}
