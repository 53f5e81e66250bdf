using System.Net;
using System.Text.Json;

namespace Ingestion.SecurityTests;

/// <summary>
/// A 401 names the header, and where the key comes from when the host says so (the AppHost does in local runs); the
/// API's settings for that and for masked headers are checked at start.
/// </summary>
public sealed class ApiKeyChallengeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_hint_a_401_names_only_the_header()
    {
        var detail = await ChallengeDetailAsync(SecurityEnvironment.ApiSettings());

        Assert.Equal("Send the API key in the X-Api-Key header.", detail);
    }

    [Fact]
    public async Task With_a_hint_a_401_also_says_where_the_key_is()
    {
        var settings = SecurityEnvironment.ApiSettings();
        settings["Ingestion:Api:KeyHint"] = "Ask the platform team.";

        var detail = await ChallengeDetailAsync(settings);

        Assert.Equal("Send the API key in the X-Api-Key header. Ask the platform team.", detail);
    }

    [Theory]
    [InlineData("Ingestion:Api:SensitiveHeaders:0", "has space", "SensitiveHeaders[0] 'has space'")]
    [InlineData("Ingestion:Api:SensitiveHeaders:0", "X-Tenant:", "SensitiveHeaders[0] 'X-Tenant:'")]
    [InlineData("Ingestion:Api:KeyHint", null, "KeyHint must be at most 300 characters")]
    public async Task The_api_does_not_start_with_a_bad_setting(string key, string? value, string message)
    {
        var settings = SecurityEnvironment.ApiSettings();
        settings[key] = value ?? new string('h', 301);

        var (validation, exception) = await RefusedStart.ReasonAsync(settings);

        Assert.True(validation is not null, exception.ToString());
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    private static async Task<string?> ChallengeDetailAsync(Dictionary<string, string?> settings)
    {
        await using var api = new ApiFactory(settings);
        api.UseKestrel(0);
        api.StartServer();
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/api/jobs", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return problem.RootElement.GetProperty("detail").GetString();
    }
}
