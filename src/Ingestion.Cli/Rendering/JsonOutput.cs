using System.Text.Json;
using Spectre.Console;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Writes the API's JSON as it came, straight to the output: through the console it would be wrapped at the window's
/// width, and a program reading it wants it untouched.
/// </summary>
public static class JsonOutput
{
    /// <summary>One JSON document, as the API answered it.</summary>
    public static async Task WriteAsync(IAnsiConsole output, string json, CancellationToken cancellationToken)
    {
        var writer = output.Profile.Out.Writer;
        await writer.WriteLineAsync(json.AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Items as JSON Lines, one item a line as the API wrote it within its answer (the API writes compact JSON, so an
    /// item is one line).
    /// </summary>
    public static async Task WriteLinesAsync(IAnsiConsole output, IEnumerable<JsonElement> items, CancellationToken cancellationToken)
    {
        var writer = output.Profile.Out.Writer;
        foreach (var item in items)
        {
            await writer.WriteLineAsync(item.GetRawText().AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
