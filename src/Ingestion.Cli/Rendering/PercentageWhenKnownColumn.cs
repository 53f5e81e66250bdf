using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ingestion.Cli.Rendering;

/// <summary>
/// Spectre's percentage, left blank while the task is indeterminate: while a source's end is still being found, the
/// share of the pages known so far says nothing (it reads 100% whenever the job catches up with its discovery).
/// </summary>
public sealed class PercentageWhenKnownColumn : ProgressColumn
{
    private readonly PercentageColumn _percentage = new();

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        task.IsIndeterminate ? Text.Empty : _percentage.Render(options, task, deltaTime);

    public override int? GetColumnWidth(RenderOptions options) => _percentage.GetColumnWidth(options);
}
