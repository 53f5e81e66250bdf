using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>
/// Where the client reads and writes, and how it reaches the API: the real console and network in the tool, captured
/// ones in tests.
/// </summary>
/// <param name="Output">Results: tables, JSON, progress.</param>
/// <param name="Error">Problems, one readable line (or a few) each.</param>
/// <param name="Input">Standard input, read for a spec given as <c>-</c>.</param>
/// <param name="Handler">Sends the HTTP requests; null for a new <see cref="SocketsHttpHandler"/> per command.</param>
public sealed record CliContext(IAnsiConsole Output, IAnsiConsole Error, TextReader Input, HttpMessageHandler? Handler = null);
