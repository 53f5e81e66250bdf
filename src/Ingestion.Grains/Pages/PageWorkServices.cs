using Ingestion.Fetching;
using Ingestion.Pages;
using Ingestion.Politeness;
using Ingestion.Storage;
using Ingestion.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Ingestion.Grains.Pages;

/// <summary>What a page's work (<see cref="PageWork"/>) uses of the silo, shared by every page it fetches.</summary>
public sealed class PageWorkServices(
    PageFetcher fetcher,
    StoredPageLookup storedPages,
    AttemptAdmission attemptAdmission,
    PagesInFlight pagesInFlight,
    PagePathReferences references,
    [FromKeyedServices(StorageNames.JobStore)] IGrainStorage storage,
    IOptions<RetryOptions> retryOptions,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider timeProvider,
    IngestionMetrics metrics)
{
    public PageFetcher Fetcher => fetcher;

    public StoredPageLookup StoredPages => storedPages;

    public AttemptAdmission AttemptAdmission => attemptAdmission;

    public PagesInFlight PagesInFlight => pagesInFlight;

    public PagePathReferences References => references;

    /// <summary>Where a page's saved retry (<see cref="PageRetryState"/>) is kept.</summary>
    public IGrainStorage Storage => storage;

    public RetryOptions Retry => retryOptions.Value;

    public ReminderOptions Reminders => reminderOptions.Value;

    public TimeProvider Time => timeProvider;

    public IngestionMetrics Metrics => metrics;
}
