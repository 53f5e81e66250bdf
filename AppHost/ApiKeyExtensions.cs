using Aspire.Hosting.ApplicationModel;

namespace Ingestion.AppHost;

/// <summary>
/// The key that clients send to the API, as the secret parameter <c>api-key</c>.
/// </summary>
public static class ApiKeyExtensions
{
    /// <summary>The API reads the key from configuration key <c>Ingestion:Api:Key</c>.</summary>
    public const string EnvironmentVariable = "Ingestion__Api__Key";

    /// <summary>
    /// Publish mode: a plain secret parameter, which <c>azd up</c> asks for (and keeps in the azd environment).
    /// Run mode: taken from configuration (<c>Parameters:api-key</c>, e.g. user secrets or
    /// <c>--Parameters:api-key=...</c>) when it is set, generated otherwise, so a local run needs nothing; the
    /// dashboard shows the value.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddApiKey(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(ResourceNames.ApiKey, secret: true)
            : builder.AddParameter(
                ResourceNames.ApiKey,
                new GenerateParameterDefault { MinLength = 32, Special = false },
                secret: true);

    public static IResourceBuilder<ProjectResource> WithApiKey(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey) =>
        api.WithEnvironment(EnvironmentVariable, apiKey);
}
