using System.CommandLine;

namespace Ingestion.Cli;

/// <summary>The options every command takes: which API, and with what key.</summary>
public sealed class GlobalOptions
{
    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = $"The ingestion API's base URL [env {ApiConnection.UrlVariable}; default {ApiConnection.DefaultUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    // No default value from the environment here: help prints defaults, and the key must never be printed.
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key, sent as X-Api-Key [env {ApiConnection.KeyVariable}]",
        HelpName = "key",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(ApiUrl);
        root.Options.Add(ApiKey);
    }
}
