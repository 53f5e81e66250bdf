using System.CommandLine;
using Ingestion.Cli.Api;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>Everything one command needs while it runs.</summary>
public sealed record CommandInvocation(
    ParseResult ParseResult,
    IngestionApiClient Api,
    CliContext Context,
    CancellationToken CancellationToken)
{
    public IAnsiConsole Output => Context.Output;

    public IAnsiConsole Error => Context.Error;

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T Value<T>(Argument<T> argument) => ParseResult.GetValue(argument)!;
}
