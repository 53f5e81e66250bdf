using System.CommandLine;

namespace Ingestion.Cli.Commands;

/// <summary>The job id that most commands take first.</summary>
public static class JobIdArgument
{
    public static Argument<Guid> Create() => new("id") { Description = "The job's id, as submit printed it" };
}
