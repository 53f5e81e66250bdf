namespace Ingestion.SecurityTests;

/// <summary>The API refuses to start without a key, and with limits or an allowlist that make no sense.</summary>
public sealed class StartupValidationTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Ingestion:Api:Key", null, "Ingestion:Api:Key is not set" },
        { "Ingestion:Api:Key", "", "Ingestion:Api:Key is not set" },
        { "Ingestion:Api:Key", "   ", "Ingestion:Api:Key is not set" },
        { "Ingestion:Api:Key", "short", "at least 16 characters" },
        { "Ingestion:Limits:MaxRequestBodyBytes", "0", "MaxRequestBodyBytes" },
        { "Ingestion:Limits:MaxRequestHeaderCount", "0", "MaxRequestHeaderCount" },
        { "Ingestion:Limits:MaxRequestHeadersTotalBytes", "10", "MaxRequestHeadersTotalBytes" },
        { "Ingestion:Limits:MaxRequestLineBytes", "10", "MaxRequestLineBytes" },
        { "Ingestion:Limits:MaxUrlLength", "0", "MaxUrlLength" },
        { "Ingestion:Outbound:AllowedNetworks:0", "everything", "AllowedNetworks[0] 'everything'" },
        { "Ingestion:Outbound:AllowedNetworks:0", "127.0.0.2/8", "AllowedNetworks[0] '127.0.0.2/8'" },
        { "Ingestion:Telemetry:PageTraceRatio", "1.5", "PageTraceRatio" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task The_api_does_not_start_with_a_bad_setting(string key, string? value, string message)
    {
        var settings = SecurityEnvironment.ApiSettings();
        settings[key] = value;

        var (validation, exception) = await RefusedStart.ReasonAsync(settings);

        Assert.True(validation is not null, exception.ToString());
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_starts_with_a_key_and_defaults()
    {
        await using var api = new ApiFactory(SecurityEnvironment.ApiSettings());
        api.UseKestrel(0);

        api.StartServer();
        using var client = api.CreateClient();
        using var health = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.True(health.IsSuccessStatusCode);
    }
}
