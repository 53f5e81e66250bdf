using System.Net;
using Ingestion.Cli.Api;
using Ingestion.Cli.Rendering;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>Tells the user, in a line or a few, why a request did not work, and picks the exit code that says so.</summary>
public static class ProblemReport
{
    public static int Write(IAnsiConsole error, ApiProblemException exception, ApiConnection connection)
    {
        var problem = exception.Problem;
        if (exception.StatusCode == HttpStatusCode.Unauthorized)
        {
            var why = connection.ApiKey is null ? "no API key was given" : "the API key was not accepted";
            ConsoleLine.Write(error, $"[red]Not authorised:[/] {Markup.Escape(connection.ApiUrl.ToString())} answered 401, {why}.");
            if (!string.IsNullOrWhiteSpace(problem?.Detail))
            {
                ConsoleLine.Write(error, $"The API says: {Markup.Escape(problem.Detail)}");
            }

            // Where the key comes from, since a user who knew would not be reading this.
            ConsoleLine.Write(
                error,
                $"The key is read from --api-key or {ApiConnection.KeyVariable}. For a local run, the AppHost's console " +
                $"prints an 'export {ApiConnection.KeyVariable}=...' line at start-up, and the Aspire dashboard shows the " +
                "key under Parameters (api-key).");
            return ExitCodes.Unauthorized;
        }

        ConsoleLine.Write(
            error,
            problem?.Title is { } title
                ? $"[red]{Markup.Escape(title)}[/] ({(int)exception.StatusCode} {exception.StatusCode})"
                : $"[red]{Markup.Escape(exception.Message)}[/]");
        if (!string.IsNullOrWhiteSpace(problem?.Detail))
        {
            ConsoleLine.Write(error, Markup.Escape(problem.Detail));
        }

        foreach (var (path, messages) in (problem?.Errors ?? new Dictionary<string, string[]>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var message in messages)
            {
                ConsoleLine.Write(error, $"  [bold]{Markup.Escape(path)}[/]: {Markup.Escape(message)}");
            }
        }

        return ExitCodes.ApiRefused;
    }

    public static int Write(IAnsiConsole error, ApiUnreachableException exception)
    {
        ConsoleLine.Write(error, $"[red]{Markup.Escape(exception.Message)}[/]");
        return ExitCodes.Unreachable;
    }
}
