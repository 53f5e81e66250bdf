using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Politeness;

public static class PolitenessServiceCollectionExtensions
{
    /// <summary>
    /// Registers both concerns of politeness, the per-host limits and the robots.txt cache, and the
    /// <see cref="AttemptAdmission"/> that joins them, with their options bound and validated at start-up. The page
    /// client puts its requests through them with <see cref="RobotsTxtHandler"/> and <see cref="HostLimitHandler"/>.
    /// </summary>
    public static IServiceCollection AddPoliteness(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HostLimitOptions>()
            .Bind(configuration.GetSection(HostLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RobotsTxtOptions>()
            .Bind(configuration.GetSection(RobotsTxtOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloHostLimiter>();
        services.AddSingleton<RobotsTxtCache>();
        services.AddSingleton<AttemptAdmission>();
        return services;
    }
}
