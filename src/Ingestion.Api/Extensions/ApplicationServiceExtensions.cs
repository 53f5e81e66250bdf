using System.Text.Json.Serialization;
using Ingestion.Api.Jobs;
using Ingestion.Api.Security;
using Ingestion.Hosting;

namespace Ingestion.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    /// <summary>
    /// The API's services: the Orleans client (its clustering from configuration), the API key and outbound rules,
    /// limits and JSON conventions.
    /// </summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddApiSecurity();
        builder.AddAzureStorageClients();
        builder.UseOrleansClient();

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        builder.Services.AddOptions<JobLimits>()
            .Bind(builder.Configuration.GetSection(JobLimits.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobSpecParser>();

        return builder;
    }
}
