using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Testing;

/// <summary>
/// For a host under test that has an Orleans client of its own (the API): its client's hosted services would look for a
/// cluster in Azure tables, so they are taken out, and a test cluster's client stands in for it.
/// </summary>
public static class OrleansClientReplacement
{
    /// <summary>
    /// Removes the host's Orleans hosted services and registers <paramref name="grains"/> in their place (also as the
    /// <see cref="IClusterClient"/> when it is one). With no <paramref name="grains"/> the host runs without a cluster,
    /// which is enough for what it does before any grain call.
    /// </summary>
    public static IServiceCollection ReplaceOrleansClient(this IServiceCollection services, IGrainFactory? grains)
    {
        foreach (var hosted in services.Where(IsOrleansHostedService).ToList())
        {
            services.Remove(hosted);
        }

        if (grains is not null)
        {
            services.AddSingleton(grains);
            if (grains is IClusterClient client)
            {
                services.AddSingleton(client);
            }
        }

        return services;
    }

    private static bool IsOrleansHostedService(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && (descriptor.ImplementationType
                ?? descriptor.ImplementationInstance?.GetType()
                ?? descriptor.ImplementationFactory?.Method.DeclaringType)
            ?.Assembly.GetName().Name?.StartsWith("Orleans", StringComparison.Ordinal) == true;
}
