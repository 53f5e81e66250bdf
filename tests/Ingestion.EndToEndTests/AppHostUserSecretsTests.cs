using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace Ingestion.EndToEndTests;

/// <summary>
/// What a local run keeps for the next one, read from the AppHost as it builds its model (nothing is started). Each test
/// gives the AppHost a user-secrets store of its own, deleted afterwards.
/// </summary>
public sealed class AppHostUserSecretsTests : IDisposable
{
    private readonly string _userSecretsId = AppHostUserSecrets.NewId();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => AppHostUserSecrets.Delete(_userSecretsId);

    [Fact]
    public void The_apphost_has_a_user_secrets_store_for_its_local_runs()
    {
        var appHost = Assembly.Load("Ingestion.AppHost");

        Assert.False(string.IsNullOrEmpty(appHost.GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId));
    }

    [Fact]
    public async Task A_generated_api_key_is_kept_in_the_user_secrets_and_is_the_key_of_the_next_run()
    {
        var first = await ApiKeyOfARunAsync();

        var second = await ApiKeyOfARunAsync();

        Assert.True(first.Length >= 32, first);
        Assert.Equal(first, AppHostUserSecrets.Read(_userSecretsId)["Parameters:api-key"]);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_key_set_in_the_user_secrets_is_the_key_of_the_run()
    {
        AppHostUserSecrets.Write(_userSecretsId, new Dictionary<string, string> { ["Parameters:api-key"] = "chosen-by-the-developer-0123456789" });

        var key = await ApiKeyOfARunAsync();

        Assert.Equal("chosen-by-the-developer-0123456789", key);
    }

    [Fact]
    public async Task The_dashboard_login_token_of_a_local_run_is_kept_for_the_next()
    {
        var first = await BrowserTokenOfARunAsync();

        var second = await BrowserTokenOfARunAsync();

        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, AppHostUserSecrets.Read(_userSecretsId)["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"]);
        Assert.Equal(first, second);
    }

    private async Task<string> ApiKeyOfARunAsync()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [$"--{AppHostUserSecrets.IdKey}={_userSecretsId}"], Cancellation);
        var apiKey = builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "api-key");
        return (await apiKey.GetValueAsync(Cancellation))!;
    }

    /// <summary>The token of a run with the dashboard (which the testing builder turns off unless asked).</summary>
    private async Task<string> BrowserTokenOfARunAsync()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [$"--{AppHostUserSecrets.IdKey}={_userSecretsId}"],
            (options, _) => options.DisableDashboard = false,
            Cancellation);
        return builder.Configuration["AppHost:BrowserToken"]!;
    }
}
