using System.Reflection;
using Ingestion.Fetching;
using Ingestion.Networking;
using Ingestion.Politeness;
using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests.Fetching;

/// <summary>The page client's handlers, in a host with the service defaults every service has.</summary>
public sealed class PageHttpClientTests
{
    [Fact]
    public void The_page_client_has_its_own_handlers_and_none_of_the_defaults_resilience_or_service_discovery()
    {
        using var host = HostWithServiceDefaults();
        var pageHandlers = HandlerTypes(host.Services, PageFetcher.HttpClientName);

        Assert.Equal(
            [typeof(RedirectHandler), typeof(RobotsTxtHandler), typeof(HostLimitHandler)],
            pageHandlers.Where(type => type.Assembly == typeof(PageFetcher).Assembly));
        Assert.DoesNotContain(pageHandlers, type => type.FullName == PageHttpClientRegistration.ServiceDiscoveryHandler);
        Assert.DoesNotContain(pageHandlers, type => type.Namespace?.Contains("Resilience", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Any_other_client_keeps_the_defaults_so_the_page_client_left_them_out_on_purpose()
    {
        using var host = HostWithServiceDefaults();
        var otherHandlers = HandlerTypes(host.Services, "another");

        Assert.Contains(otherHandlers, type => type.FullName == PageHttpClientRegistration.ServiceDiscoveryHandler);
        Assert.Contains(otherHandlers, type => type.Namespace?.Contains("Resilience", StringComparison.Ordinal) == true);
    }

    private static IHost HostWithServiceDefaults()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddServiceDefaults();
        builder.Services.AddOptions<OutboundOptions>();
        builder.Services.AddOptions<FetchOptions>();
        builder.Services.AddPoliteness(builder.Configuration);
        builder.Services.AddSingleton(UnusedGrainFactory.Create());
        builder.Services.AddPageHttpClient();
        return builder.Build();
    }

    /// <summary>The types of a named client's handlers, outermost first, as the factory builds them.</summary>
    private static List<Type> HandlerTypes(IServiceProvider services, string clientName)
    {
        var builder = services.GetRequiredService<HttpMessageHandlerBuilder>();
        builder.Name = clientName;
        foreach (var configure in services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(clientName).HttpMessageHandlerBuilderActions)
        {
            configure(builder);
        }

        return [.. builder.AdditionalHandlers.Select(handler => handler.GetType())];
    }

    /// <summary>The host limiter needs a grain factory to exist; building the handlers never calls it.</summary>
    public class UnusedGrainFactory : DispatchProxy
    {
        public static IGrainFactory Create() => Create<IGrainFactory, UnusedGrainFactory>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} was not expected to be called.");
    }
}
