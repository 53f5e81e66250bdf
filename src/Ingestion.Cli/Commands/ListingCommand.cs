using System.CommandLine;
using Ingestion.Cli.Api;
using Ingestion.Cli.Rendering;

namespace Ingestion.Cli.Commands;

/// <summary>
/// A command that lists things newest first, a slice at a time: <c>--skip</c>, <c>--take</c>, and <c>--json</c> for the
/// API's own answer; otherwise a table at a terminal, TSV into a file or a pipe.
/// </summary>
public static class ListingCommand
{
    /// <param name="plural">What is listed, as the options' help says it ("Jobs").</param>
    /// <param name="singular">One of them, as the line under the table says it ("job").</param>
    /// <param name="leading">Arguments that come first (the pipeline whose runs are listed).</param>
    public static Command Create<T>(
        CommandRunner runner,
        string name,
        string description,
        string plural,
        string singular,
        IReadOnlyList<ListColumn<T>> columns,
        Func<CommandInvocation, int?, int?, Task<Listing<T>>> list,
        Func<CommandInvocation, int?, int?, Task<string>> listJson,
        params Argument[] leading)
    {
        var skip = new Option<int?>("--skip") { Description = $"{plural} to leave out from the newest", HelpName = "n" };
        var take = new Option<int?>("--take") { Description = $"{plural} to show, 1 to 1000 [default: the API's, 100]", HelpName = "n" };
        var json = JsonOption.Create();
        var command = new Command(name, description);
        foreach (var argument in leading)
        {
            command.Add(argument);
        }

        command.Add(skip);
        command.Add(take);
        command.Add(json);

        runner.Attach(command, async invocation =>
        {
            if (invocation.Value(json))
            {
                await JsonOutput.WriteAsync(
                    invocation.Output,
                    await listJson(invocation, invocation.Value(skip), invocation.Value(take)),
                    invocation.CancellationToken);
                return ExitCodes.Success;
            }

            var slice = await list(invocation, invocation.Value(skip), invocation.Value(take));
            ListOutput.Write(invocation.Output, invocation.Error, columns, slice.Items, Slice.Describe(slice.Skip, slice.Items.Count, slice.Total, singular));
            return ExitCodes.Success;
        });

        return command;
    }
}
