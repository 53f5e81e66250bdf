using System.CommandLine;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest list [--skip N] [--take N] [--json]</c>: the jobs, newest first.</summary>
public static class ListCommand
{
    public static Command Create(CommandRunner runner) =>
        ListingCommand.Create(
            runner,
            "list",
            "List jobs, newest first",
            "Jobs",
            "job",
            JobListColumns.All,
            (invocation, skip, take) => invocation.Api.ListJobsAsync(skip, take, invocation.CancellationToken),
            (invocation, skip, take) => invocation.Api.ListJobsJsonAsync(skip, take, invocation.CancellationToken));
}
