using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>
/// The processes of one AppHost run: its silos, its API, its dashboard and its Azurite. The AppHost starts Aspire's
/// orchestrator (DCP) detached, so they are not the AppHost's descendants; they are the descendants of the DCP process
/// that watches the AppHost (<c>dcp start-apiserver --monitor APPHOST_PID</c>), and so never another AppHost's on the
/// same machine.
/// A project runs as <c>dotnet run --project ...</c> with the program itself below it: the program is the one counted.
/// </summary>
/// <param name="Programs">What runs below the orchestrator, by name (<c>dcp run-controllers</c>, <c>node azurite.js</c>, ...), to tell what a start that never got ready got to.</param>
public sealed record AppHostProcesses(
    IReadOnlyList<int> Silos,
    IReadOnlyList<int> Apis,
    IReadOnlyList<int> Dashboards,
    IReadOnlyList<int> Storage,
    IReadOnlyList<int> All,
    IReadOnlyList<string> Programs)
{
    public static AppHostProcesses Find(int appHostProcessId)
    {
        var table = ProcessTable.Read();
        var pid = appHostProcessId.ToString(CultureInfo.InvariantCulture);
        var orchestrators = table.Where(commandLine =>
            commandLine.Contains("start-apiserver")
            && commandLine.Select((argument, index) => (argument, index))
                .Any(pair => pair.argument == "--monitor" && pair.index + 1 < commandLine.Count && commandLine[pair.index + 1] == pid))
            .ToList();
        var all = orchestrators.Concat(orchestrators.SelectMany(table.DescendantsOf)).Distinct().ToList();
        List<int> Running(string program) => [.. all.Where(id => Runs(table.CommandLineOf(id), program))];
        return new AppHostProcesses(
            Running("Ingestion.Silo"),
            Running("Ingestion.Api"),
            Running("Aspire.Dashboard"),
            [.. all.Where(id => RunsAzurite(table.CommandLineOf(id)))],
            all,
            [.. all.Select(id => NameOf(table.CommandLineOf(id)))]);
    }

    /// <summary>The programs below the orchestrator, each with how many run: <c>dcp run-controllers, node azurite.js, Ingestion.Silo × 2</c>.</summary>
    public string Describe() =>
        Programs.Count == 0
            ? "no orchestrator found"
            : string.Join(", ", Programs.GroupBy(name => name).Select(group => group.Count() == 1 ? group.Key : $"{group.Key} × {group.Count()}"));

    /// <summary>A program's name and, for a host that runs another (dotnet, node, dcp), what it runs.</summary>
    private static string NameOf(IReadOnlyList<string> commandLine) =>
        commandLine.Count switch
        {
            0 => "(ended)",
            1 => Path.GetFileName(commandLine[0]),
            _ => $"{Path.GetFileName(commandLine[0])} {Path.GetFileName(commandLine[1])}",
        };

    /// <summary>Whether the command line is node running Azurite's script.</summary>
    private static bool RunsAzurite(IReadOnlyList<string> commandLine) =>
        commandLine.Count > 1
        && Path.GetFileName(commandLine[0]) == "node"
        && commandLine.Skip(1).Any(argument => Path.GetFileName(argument) == "azurite.js");

    /// <summary>Whether the command line runs <paramref name="program"/> itself: its apphost executable, or <c>dotnet program.dll</c>.</summary>
    private static bool Runs(IReadOnlyList<string> commandLine, string program) =>
        commandLine.Count > 0
        && (Path.GetFileName(commandLine[0]) == program
            || (Path.GetFileName(commandLine[0]) == "dotnet" && commandLine.Count > 1 && Path.GetFileName(commandLine[1]) == $"{program}.dll"));
}
