using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;

namespace Ingestion.Cli;

/// <summary>Adds an "Exit codes:" section to every command's help, after its options.</summary>
public static class ExitCodesHelp
{
    public static void AddTo(RootCommand root, int width)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        var standard = (HelpAction)help.Action!;
        standard.MaxWidth = Math.Max(width, 40);
        help.Action = new WithExitCodes(standard);
    }

    private sealed class WithExitCodes(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Exit codes:");
            foreach (var (code, meaning) in ExitCodes.All)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {code,-5}{meaning}"));
            }

            output.WriteLine();
            return exitCode;
        }
    }
}
