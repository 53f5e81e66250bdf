using System.CommandLine;
using System.Net.Http.Headers;
using Ingestion.Cli.Api;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>
/// Runs a command's body with an API client for the chosen API, and turns the ways a request can fail into one clear
/// message and an exit code rather than a stack trace.
/// </summary>
public sealed class CommandRunner(CliContext context, GlobalOptions globals)
{
    /// <summary>The longest a request may wait for its answer (an event stream only waits this long for its headers).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public void Attach(Command command, Func<CommandInvocation, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parseResult, Func<CommandInvocation, Task<int>> body, CancellationToken cancellationToken)
    {
        var connection = ApiConnection.Resolve(parseResult.GetValue(globals.ApiUrl), parseResult.GetValue(globals.ApiKey), out var problem);
        if (connection is null)
        {
            ConsoleLine.Write(context.Error, $"[red]{Markup.Escape(problem!)}[/]");
            return ExitCodes.Usage;
        }

        using var http = CreateHttpClient(connection);
        var invocation = new CommandInvocation(parseResult, new IngestionApiClient(http), context, cancellationToken);
        try
        {
            return await body(invocation);
        }
        catch (ApiProblemException exception)
        {
            return ProblemReport.Write(context.Error, exception, connection);
        }
        catch (ApiUnreachableException exception)
        {
            return ProblemReport.Write(context.Error, exception);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ConsoleLine.Write(context.Error, "[yellow]Interrupted.[/]");
            return ExitCodes.Interrupted;
        }
    }

    private HttpClient CreateHttpClient(ApiConnection connection)
    {
        var handler = context.Handler ?? new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        var http = new HttpClient(handler, disposeHandler: context.Handler is null)
        {
            BaseAddress = connection.ApiUrl,
            Timeout = RequestTimeout,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ingest-cli", typeof(CommandRunner).Assembly.GetName().Version?.ToString(3)));
        if (connection.ApiKey is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(IngestionApiClient.ApiKeyHeader, connection.ApiKey);
        }

        return http;
    }
}
