using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.EndToEndTests;

/// <summary>
/// The whole application as the AppHost runs it (Azurite, two silos, API and the Aspire dashboard), on ports of its own and
/// with Azurite in memory, so it can run beside a developer's own AppHost. The API key is set through the AppHost's
/// <c>api-key</c> parameter, as a user would set it. The AppHost keeps its user secrets in a store of this fixture's
/// own (<c>ASPIRE_USER_SECRETS_ID</c>), deleted at the end, so the developer's are neither read nor written.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _userSecretsId = AppHostUserSecrets.NewId();

    private DistributedApplication? _app;

    /// <summary>What the AppHost itself logged: its own lines from Information up, Aspire's from Warning.</summary>
    public AppHostLogRecorder AppHostLogs { get; } = new();

    /// <summary>The dashboard's telemetry: the spans and logs a user would look at.</summary>
    public DashboardTelemetry Dashboard { get; private set; } = null!;

    /// <summary>The key the API checks, passed to the AppHost as <c>--Parameters:api-key</c>.</summary>
    public string ApiKey { get; } = $"e2e-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";

    /// <summary>A client of the API that sends <see cref="ApiKey"/>.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>A client of the API that sends no key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Every console line the silo and the API have written so far, as the AppHost collected them.</summary>
    public async Task<string> ResourceLogsAsync()
    {
        var logs = _app!.Services.GetRequiredService<ResourceLoggerService>();
        var text = new StringBuilder();
        foreach (var resource in _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => r.Name.StartsWith("silo", StringComparison.Ordinal) || r.Name == "api"))
        {
            await foreach (var batch in logs.GetAllAsync(resource))
            {
                foreach (var line in batch)
                {
                    text.Append(resource.Name).Append(": ").AppendLine(line.Content);
                }
            }
        }

        return text.ToString();
    }

    public BlobServiceClient Blobs { get; private set; } = null!;

    /// <summary>Azurite's tables, where the cluster keeps its membership.</summary>
    public TableServiceClient Tables { get; private set; } = null!;

    /// <summary>The running application, to stop and start its resources as the dashboard does.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var ports = FreeTcpPorts.Pick(7);
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [
                $"--Azurite:BlobPort={ports[0]}",
                $"--Azurite:QueuePort={ports[1]}",
                $"--Azurite:TablePort={ports[2]}",
                "--Azurite:InMemory=true",
                $"--Api:Port={ports[3]}",
                $"--Parameters:api-key={ApiKey}",
                $"--{AppHostUserSecrets.IdKey}={_userSecretsId}",
                // The dashboard, on ports of its own and over plain http as in the README's local run.
                $"--ASPNETCORE_URLS=http://127.0.0.1:{ports[4]}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{ports[5]}",
                $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{ports[6]}",
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            ],
            (options, _) => options.DisableDashboard = false,
            cancellationToken);
        // Resource logs are forwarded at their own levels; only trouble is worth a place in the test output.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(builder.Environment.ApplicationName, LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter<AppHostLogRecorder>(null, LogLevel.Warning)
            .AddFilter<AppHostLogRecorder>(builder.Environment.ApplicationName, LogLevel.Information)
            .AddProvider(AppHostLogs));

        _app = await builder.BuildAsync(cancellationToken);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(StartTimeout);
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("api", startup.Token);

        // The testing builder moves proxied endpoints to random ports; Azurite's are not proxied and stay where asked.
        Api = _app.CreateHttpClient("api", "http");
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Anonymous = _app.CreateHttpClient("api", "http");
        Dashboard = new DashboardTelemetry(
            _app.GetEndpoint(DashboardTelemetry.ResourceName, "http"),
            _app.Services.GetRequiredService<IConfiguration>()[DashboardTelemetry.ApiKeySetting]!);
        Blobs = new BlobServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0].ToString(CultureInfo.InvariantCulture)}/{AzuriteInstance.AccountName};");
        Tables = new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};" +
            $"TableEndpoint=http://127.0.0.1:{ports[2].ToString(CultureInfo.InvariantCulture)}/{AzuriteInstance.AccountName};");
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Anonymous?.Dispose();
        Dashboard?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        AppHostUserSecrets.Delete(_userSecretsId);
    }

    /// <summary>Polls a job through the API until it has ended, for two minutes at most.</summary>
    public async Task<JobView> WaitForEndAsync(string location)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var job = (await Api.GetFromJsonAsync<JobView>(location, ApiJson.Options, TestContext.Current.CancellationToken))!;
            if (job.Status.IsFinished())
            {
                return job;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The job did not end in time: {job.Pages}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }
}
