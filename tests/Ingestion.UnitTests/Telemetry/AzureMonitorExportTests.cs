using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests.Telemetry;

/// <summary>The services export to Application Insights when, and only when, its connection string is set.</summary>
public sealed class AzureMonitorExportTests
{
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    [Fact]
    public async Task With_a_connection_string_telemetry_goes_to_azure_monitor()
    {
        await using var app = Build(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString));

        var options = app.Services.GetRequiredService<IOptionsMonitor<AzureMonitorOptions>>().Get(Options.DefaultName);

        Assert.Equal(ConnectionString, options.ConnectionString);
    }

    [Fact]
    public async Task Without_one_nothing_is_sent_there()
    {
        await using var app = Build();

        var options = app.Services.GetService<IOptionsMonitor<AzureMonitorOptions>>()?.Get(Options.DefaultName);

        Assert.Null(options?.ConnectionString);
    }

    private static WebApplication Build(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddServiceDefaults();
        return builder.Build();
    }
}
