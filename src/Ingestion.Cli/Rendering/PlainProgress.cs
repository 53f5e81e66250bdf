using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Progress for output that is not an interactive terminal (a file, a pipe, a CI log): one line per change, written
/// straight to the output so that nothing wraps or redraws.
/// </summary>
public sealed class PlainProgress(IAnsiConsole console)
{
    private string? _lastLine;

    public void Show(JobView job)
    {
        var line = ProgressLine.Describe(job);
        if (line == _lastLine)
        {
            return;
        }

        _lastLine = line;
        console.Profile.Out.Writer.WriteLine(line);
        console.Profile.Out.Writer.Flush();
    }
}
