using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// The key that clients send to the API, as the secret parameter <c>api-key</c>.
/// </summary>
public static class ApiKeyExtensions
{
    /// <summary>The API reads the key from configuration key <c>Ingestion:Api:Key</c>.</summary>
    public const string EnvironmentVariable = "Ingestion__Api__Key";

    /// <summary>The API adds this to the detail of its <c>401</c> answers (<c>Ingestion:Api:KeyHint</c>).</summary>
    public const string HintEnvironmentVariable = "Ingestion__Api__KeyHint";

    /// <summary>Where a local run's key is to be found, as the API's <c>401</c> answers say it.</summary>
    public const string LocalRunHint =
        "Local runs: the AppHost console prints it at start (export INGEST_API_KEY=...), and the dashboard shows it under Parameters (api-key).";

    /// <summary>
    /// Publish mode: a plain secret parameter, which <c>azd up</c> asks for (and keeps in the azd environment).
    /// Run mode: taken from configuration (<c>Parameters:api-key</c>: <c>--Parameters:api-key=...</c>, the environment
    /// or user secrets) when it is set; otherwise generated once and saved in the AppHost's user secrets (Aspire's
    /// <c>persist</c>), which the next run reads back, so the key stays the same across local runs.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddApiKey(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(ResourceNames.ApiKey, secret: true)
            : builder.AddParameter(
                    ResourceNames.ApiKey,
                    new GenerateParameterDefault { MinLength = 32, Special = false },
                    secret: true,
                    persist: true)
                .WithDescription("The key that every /api request sends in X-Api-Key. Generated once and kept in the AppHost's user secrets unless Parameters:api-key is set.");

    /// <summary>
    /// Passes the key to the API. In a local run the API's <c>401</c> answers also say where the key is shown, and the
    /// AppHost prints it once the API is ready (<see cref="ApiKeyAnnouncement"/>); a deployment gets neither.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiKey(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey)
    {
        api.WithEnvironment(EnvironmentVariable, apiKey);
        if (api.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            api.WithEnvironment(HintEnvironmentVariable, LocalRunHint)
                .WithApiKeyAnnouncement(apiKey);
        }

        return api;
    }
}
