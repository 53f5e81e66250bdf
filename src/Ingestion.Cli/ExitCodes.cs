using Ingestion.Cli.Api;

namespace Ingestion.Cli;

/// <summary>What the process's exit code means; listed in <c>--help</c>, so scripts can rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked; a watched job ended <c>Completed</c>.</summary>
    public const int Success = 0;

    /// <summary>A watched job ended <c>CompletedWithErrors</c> or <c>Failed</c>.</summary>
    public const int JobFailed = 1;

    /// <summary>A watched job ended <c>Cancelled</c>.</summary>
    public const int JobCancelled = 2;

    /// <summary>The API refused the request: an invalid spec, an unknown job, a job that has already ended, ...</summary>
    public const int ApiRefused = 3;

    /// <summary>The API key is missing or wrong (401).</summary>
    public const int Unauthorized = 4;

    /// <summary>The API could not be reached: connection refused, unknown host, no answer in time.</summary>
    public const int Unreachable = 5;

    /// <summary>The command line is wrong, or the spec file cannot be read.</summary>
    public const int Usage = 6;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Every code with what it means, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Success, "success; a watched job ended Completed"),
        (JobFailed, "a watched job ended CompletedWithErrors or Failed"),
        (JobCancelled, "a watched job ended Cancelled"),
        (ApiRefused, "the API refused the request (invalid spec, unknown job, job already ended, ...)"),
        (Unauthorized, "the API key is missing or wrong"),
        (Unreachable, "the API could not be reached"),
        (Usage, "wrong command line, or the spec file cannot be read"),
        (Interrupted, "interrupted (Ctrl+C)"),
    ];

    /// <summary>The exit code of a command that watched a job until it ended as <paramref name="status"/>.</summary>
    public static int ForFinishedJob(JobStatus status) => status switch
    {
        JobStatus.Completed => Success,
        JobStatus.CompletedWithErrors or JobStatus.Failed => JobFailed,
        JobStatus.Cancelled => JobCancelled,

        // An ending this client does not know (from a newer API) is not taken for a success.
        _ => JobFailed,
    };
}
