using System.Text.Json.Serialization;
using Ingestion.Api.Apis;
using Ingestion.Api.Cluster;
using Ingestion.Api.Jobs;
using Ingestion.Api.Jobs.Wire;
using Ingestion.Api.Pipelines;
using Ingestion.Api.Security;
using Ingestion.Hosting;
using Ingestion.Pipelines;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Ingestion.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    /// <summary>
    /// The API's services: the Orleans client (its clustering from configuration), the API key and outbound rules,
    /// the OpenAPI document, limits, which job headers are masked, and JSON conventions.
    /// </summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddApiSecurity();
        builder.AddApiReference();
        builder.AddAzureStorageClients();
        builder.UseOrleansClient();

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Numbers are JSON numbers both ways (the web defaults would also read them from strings, and the OpenAPI
            // document would say so, though the job spec accepts nothing but numbers).
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A job's spec is shown in the shape POST /api/jobs takes, so that it can be submitted again as it is.
            options.SerializerOptions.WriteContractsAsWireRecords();
            // The OpenAPI document reads the wire records' fields as the parser does: a field that several source shapes
            // take, from its one declaration.
            options.SerializerOptions.DescribeSharedWireFields();
        });

        builder.Services.AddOptions<JobLimits>()
            .Bind(builder.Configuration.GetSection(JobLimits.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobSpecParser>();
        builder.Services.AddOptions<PipelineOptions>()
            .Bind(builder.Configuration.GetSection(PipelineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PipelineSpecParser>();

        // Which job headers are masked in what the API returns: the built-in names and the configured additions.
        builder.Services.AddOptions<SensitiveHeaderOptions>()
            .Bind(builder.Configuration.GetSection(SensitiveHeaderOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => SensitiveHeaders.From(services.GetRequiredService<IOptions<SensitiveHeaderOptions>>().Value));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddClusterCalls(builder.Configuration);

        return builder;
    }

    /// <summary>
    /// Grain calls that may be repeated are tried again while the cluster reconfigures, within a budget; a call the
    /// cluster still fails, or whose grain's storage failed, is answered 503 with Retry-After.
    /// </summary>
    internal static IServiceCollection AddClusterCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterCallOptions>()
            .Bind(configuration.GetSection(ClusterCallOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<GatewayOptions>().Configure<IOptions<ClusterCallOptions>>(
            (gateways, calls) => gateways.GatewayListRefreshPeriod = calls.Value.GatewayListRefreshPeriod);
        services.AddSingleton<ClusterCalls>();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        services.AddExceptionHandler<StorageUnavailableHandler>();

        // /health (readiness) passes once the client reaches an active silo; /alive stays liveness.
        services.AddHealthChecks().AddCheck<ClusterConnectionCheck>(ClusterConnectionCheck.Name);
        return services;
    }
}
