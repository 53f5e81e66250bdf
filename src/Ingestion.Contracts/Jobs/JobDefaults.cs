namespace Ingestion.Jobs;

/// <summary>The values a job spec takes where the user leaves a field out, and the bounds it must stay within.</summary>
public static class JobDefaults
{
    public const int Concurrency = 16;
    public const int MinConcurrency = 1;
    public const int MaxConcurrency = 256;

    public const double RequestTimeoutSeconds = 30;
    public const int MaxRequestTimeoutSeconds = 3600;

    public const int MaxAttempts = 5;
    public const int MaxMaxAttempts = 100;
    public const double RetryBaseDelaySeconds = 1;
    public const double RetryMaxDelaySeconds = 300;
    public const int MaxRetryDelaySeconds = 86_400;

    /// <summary>The most pages a job fetches unless its spec says otherwise; every source kind stops there.</summary>
    public const int MaxPages = 100_000;

    public const string Container = "ingest";

    /// <summary>The blob prefix of a job whose spec names none: a folder of its own under <c>jobs/</c>.</summary>
    public const string Prefix = "jobs/{jobId}";
}
