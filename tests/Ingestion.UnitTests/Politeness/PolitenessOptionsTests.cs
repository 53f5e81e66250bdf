using System.ComponentModel.DataAnnotations;
using Ingestion.Fetching;
using Ingestion.Politeness;
using Ingestion.Politeness.HostLimits;
using Ingestion.Politeness.Robots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests.Politeness;

/// <summary>The options that politeness registers, bound and validated at start-up, and the User-Agent robots.txt reads.</summary>
public sealed class PolitenessOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddPoliteness(configuration).BuildServiceProvider();
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void The_defaults_are_valid_and_leave_a_healthy_host_room_for_a_job_of_64()
    {
        var options = new HostLimitOptions();

        Assert.Empty(Validate(options));
        Assert.True(options.MaxConcurrentRequests >= 2 * 64);
        Assert.True(options.MaxRequestsPerSecond >= 2 * 1000);
        Assert.Empty(Validate(new RobotsTxtOptions()));
    }

    [Fact]
    public void Limits_and_per_host_overrides_are_bound_from_configuration()
    {
        using var services = Services(new()
        {
            ["Ingestion:Hosts:MaxConcurrentRequests"] = "32",
            ["Ingestion:Hosts:MaxRequestsPerSecond"] = "500",
            ["Ingestion:Hosts:Overrides:api.example.com:MaxRequestsPerSecond"] = "2",
            ["Ingestion:Hosts:Overrides:slow.example.com:MaxConcurrentRequests"] = "1",
        });

        var options = services.GetRequiredService<IOptions<HostLimitOptions>>().Value;

        Assert.Equal(new ResolvedHostLimits(32, 500, 1), options.LimitsFor("https://other.example.com:443"));
        Assert.Equal(new ResolvedHostLimits(32, 2, 1), options.LimitsFor("https://API.example.com:8443"));
        Assert.Equal(new ResolvedHostLimits(1, 500, 1), options.LimitsFor("http://slow.example.com:80"));
    }

    [Fact]
    public void The_minimum_rate_never_exceeds_a_hosts_maximum()
    {
        var options = new HostLimitOptions
        {
            MinRequestsPerSecond = 5,
            Overrides = { ["tiny.example.com"] = new HostLimitOverride { MaxRequestsPerSecond = 0.5 } },
        };

        Assert.Equal(0.5, options.LimitsFor("https://tiny.example.com:443").MinRequestsPerSecond);
    }

    [Theory]
    [InlineData("Ingestion:Hosts:MaxConcurrentRequests", "0")]
    [InlineData("Ingestion:Hosts:MaxRequestsPerSecond", "0")]
    [InlineData("Ingestion:Hosts:DecreaseFactor", "1")]
    [InlineData("Ingestion:Hosts:RecoveryPerSecond", "0")]
    [InlineData("Ingestion:Hosts:RenewalPeriod", "00:00:00")]
    [InlineData("Ingestion:Hosts:LeaseDuration", "00:00:01")]
    [InlineData("Ingestion:Hosts:Overrides:api.example.com:MaxRequestsPerSecond", "-1")]
    [InlineData("Ingestion:Hosts:Overrides:api.example.com:MaxConcurrentRequests", "0")]
    [InlineData("Ingestion:Robots:CacheDuration", "2.00:00:00")]
    [InlineData("Ingestion:Robots:UnreachableRetryDelay", "00:00:00")]
    public void Bad_settings_fail_at_start_up_naming_the_setting(string key, string value)
    {
        using var services = Services(new() { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<HostLimitOptions>>().Value;
            _ = services.GetRequiredService<IOptions<RobotsTxtOptions>>().Value;
        });

        var setting = key.Split(':')[^1];
        Assert.Contains(failure.Failures, message => message.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_override_names_its_host()
    {
        var options = new HostLimitOptions { Overrides = { ["api.example.com"] = new HostLimitOverride { MaxConcurrentRequests = 0 } } };

        var result = Assert.Single(Validate(options));

        Assert.StartsWith("Overrides:api.example.com:", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_user_agent_names_the_service_and_is_its_robots_txt_name()
    {
        var options = new FetchOptions();

        Assert.Empty(Validate(options));
        Assert.StartsWith("OrleansIngestion/", options.UserAgent, StringComparison.Ordinal);
        Assert.Equal("OrleansIngestion", options.RobotsProductToken);
        Assert.Equal("Mozilla", new FetchOptions { UserAgent = "Mozilla/5.0 (compatible)" }.RobotsProductToken);
        Assert.True(options.MaxInFlightRequestsPerSilo >= 512);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/1.0")]
    [InlineData("Bot2/1.0")]
    public void A_user_agent_that_does_not_start_with_a_product_token_is_refused(string userAgent)
    {
        Assert.NotEmpty(Validate(new FetchOptions { UserAgent = userAgent }));
    }
}
