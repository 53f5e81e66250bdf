using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Whether output goes to a terminal that a person reads, or to a file or a pipe that a program reads. Spectre detects
/// ANSI support only on a terminal (a redirected stream, or <c>TERM=dumb</c>, has none), so that is the test: a person
/// gets colour and tables fitted to the window, a program plain lines that nothing breaks or shortens.
/// </summary>
public static class Terminal
{
    public static bool IsTerminal(this IAnsiConsole console) => console.Profile.Capabilities.Ansi;
}
