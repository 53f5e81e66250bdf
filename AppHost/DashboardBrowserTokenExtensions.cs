using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost;

/// <summary>
/// Keeps the dashboard's login token the same across local runs, so that a bookmarked login link
/// (<c>http://localhost:15888/login?t=...</c>) keeps working after a restart.
/// </summary>
public static class DashboardBrowserTokenExtensions
{
    /// <summary>Aspire's setting for the dashboard's browser token (and its older name); unset, Aspire makes one per run.</summary>
    public const string BrowserTokenKey = "ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN";
    public const string LegacyBrowserTokenKey = "DOTNET_DASHBOARD_FRONTEND_BROWSERTOKEN";

    /// <summary>Where Aspire puts the token of this run, configured or generated, when the dashboard runs and asks for one.</summary>
    public const string CurrentBrowserTokenKey = "AppHost:BrowserToken";

    /// <summary>
    /// Run mode, with the dashboard on and secured: when no token is configured, saves the one Aspire generated for
    /// this run in the AppHost's user secrets under <see cref="BrowserTokenKey"/>, where the next run reads it as
    /// configured. This is what Aspire does for its own generated keys (the OTLP and dashboard API keys).
    /// </summary>
    public static IDistributedApplicationBuilder KeepDashboardBrowserToken(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode
            || builder.Configuration[CurrentBrowserTokenKey] is not { Length: > 0 } token
            || !string.IsNullOrEmpty(builder.Configuration[LegacyBrowserTokenKey]))
        {
            return builder;
        }

#pragma warning disable ASPIREUSERSECRETS001 // Aspire's user secrets store is marked for evaluation; it is the store Aspire itself uses here.
        builder.UserSecretsManager.GetOrSetSecret(builder.Configuration, BrowserTokenKey, () => token);
#pragma warning restore ASPIREUSERSECRETS001

        return builder;
    }
}
