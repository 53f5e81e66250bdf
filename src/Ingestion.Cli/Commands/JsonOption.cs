using System.CommandLine;

namespace Ingestion.Cli.Commands;

/// <summary>The <c>--json</c> option of the commands that show what the API answered.</summary>
public static class JsonOption
{
    public static Option<bool> Create(string description = "Print the API's JSON as it came, for other tools") =>
        new("--json") { Description = description };
}
