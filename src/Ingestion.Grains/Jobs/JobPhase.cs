namespace Ingestion.Grains.Jobs;

/// <summary>
/// Where a job is in its life. <see cref="Running"/>, <see cref="Stopping"/> and <see cref="Ended"/> are kept in its saved
/// state (by its status and end time); <see cref="Finishing"/> lasts only while the manifest is written, and a job that
/// restarts then finds itself running with every page ended and finishes again.
/// </summary>
internal enum JobPhase
{
    /// <summary>Handing out pages and taking their reports.</summary>
    Running,

    /// <summary>Every page has ended; the manifest is being written, then the job ends.</summary>
    Finishing,

    /// <summary>Cancelled, or stopped by its failure budget: the pages still out are being cancelled, then the manifest written.</summary>
    Stopping,

    /// <summary>The manifest is written and the end saved.</summary>
    Ended,
}
