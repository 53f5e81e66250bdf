using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

/// <summary>Tests that stop or break storage, each on an Azurite of its own.</summary>
public sealed class AzuriteInstanceTests
{
    private static readonly BlobClientOptions NoRetries = new() { Retry = { MaxRetries = 0 } };

    [Fact(Timeout = 60_000)]
    public async Task StopThenStartServesOnSamePortsWithInMemoryDataGone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: cancellationToken);
        var connectionString = azurite.ConnectionString;
        var container = azurite.CreateBlobServiceClient(NoRetries).GetBlobContainerClient("jobs");
        await container.CreateAsync(cancellationToken: cancellationToken);

        await azurite.StopAsync(cancellationToken);
        Assert.False(azurite.IsRunning);
        await Assert.ThrowsAnyAsync<RequestFailedException>(
            () => container.ExistsAsync(cancellationToken));

        await azurite.StartAsync(cancellationToken);
        Assert.Equal(connectionString, azurite.ConnectionString);
        Assert.False((await container.ExistsAsync(cancellationToken)).Value);
    }

    [Fact(Timeout = 60_000)]
    public async Task DataOnDiskSurvivesStopAndStart()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var azurite = await AzuriteInstance.StartNewAsync(
            new AzuriteOptions { PersistToDisk = true }, cancellationToken);
        var container = azurite.CreateBlobServiceClient().GetBlobContainerClient("jobs");
        await container.CreateAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient("page-1").UploadAsync(BinaryData.FromString("kept"), cancellationToken);
        var table = azurite.CreateTableServiceClient().GetTableClient("jobs");
        await table.CreateAsync(cancellationToken);
        await table.AddEntityAsync(new TableEntity("job-1", "state") { ["Pages"] = 3 }, cancellationToken);

        await azurite.StopAsync(cancellationToken);
        await azurite.StartAsync(cancellationToken);

        var blob = await container.GetBlobClient("page-1").DownloadContentAsync(cancellationToken);
        Assert.Equal("kept", blob.Value.Content.ToString());
        var entity = await table.GetEntityAsync<TableEntity>("job-1", "state", cancellationToken: cancellationToken);
        Assert.Equal(3, entity.Value.GetInt32("Pages"));
    }

    [Fact(Timeout = 60_000)]
    public async Task AMetadataDatabaseInTheCallersEnvironmentLeavesAnInMemoryAzuriteInMemory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Azurite refuses --inMemoryPersistence beside AZURITE_DB: it starts only if the variable is not passed on.
        var before = Environment.GetEnvironmentVariable("AZURITE_DB");
        Environment.SetEnvironmentVariable("AZURITE_DB", "mysql://nobody:nothing@127.0.0.1:1/none");
        try
        {
            await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: cancellationToken);
            Assert.Null(azurite.Location);
            var container = azurite.CreateBlobServiceClient(NoRetries).GetBlobContainerClient("jobs");
            await container.CreateAsync(cancellationToken: cancellationToken);
            Assert.True((await container.ExistsAsync(cancellationToken)).Value);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AZURITE_DB", before);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task AMetadataDatabaseIsWhereAzuriteKeepsBlobMetadata()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // Nothing listens on port 1: an Azurite that was given the database fails to start for want of it.
        await using var azurite = new AzuriteInstance(new AzuriteOptions
        {
            BlobMetadataDatabase = "mysql://nobody:nothing@127.0.0.1:1/none",
            StartupTimeout = TimeSpan.FromSeconds(20),
        });

        var failure = await Assert.ThrowsAsync<AzuriteStartException>(() => azurite.StartAsync(cancellationToken));

        Assert.Contains("ECONNREFUSED", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(azurite.Location);
    }

    [Fact(Timeout = 60_000)]
    public async Task DisposeKillsProcessAndDeletesDataDirectory()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var azurite = await AzuriteInstance.StartNewAsync(new AzuriteOptions { PersistToDisk = true }, cancellationToken);
        var processId = azurite.ProcessId!.Value;
        var location = azurite.Location!;
        Assert.True(Directory.Exists(location));

        await azurite.DisposeAsync();

        Assert.False(IsAlive(processId));
        Assert.False(Directory.Exists(location));
    }

    [Fact(Timeout = 30_000)]
    public async Task MissingAzuriteTellsToRunNpmCi()
    {
        using var repository = FakeAzurite.NotInstalled();
        await using var azurite = new AzuriteInstance(new AzuriteOptions { RepositoryRoot = repository.Root });

        var error = await Assert.ThrowsAsync<AzuriteStartException>(
            () => azurite.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("npm ci", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task FailedStartReportsAzuriteStderr()
    {
        using var repository = FakeAzurite.Running("console.error('simulated failure'); process.exit(3);");
        await using var azurite = new AzuriteInstance(new AzuriteOptions { RepositoryRoot = repository.Root });

        var error = await Assert.ThrowsAsync<AzuriteStartException>(
            () => azurite.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("simulated failure", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartThatNeverAnswersFailsAfterStartupTimeout()
    {
        using var repository = FakeAzurite.Running("setInterval(() => {}, 1000);");
        await using var azurite = new AzuriteInstance(
            new AzuriteOptions { RepositoryRoot = repository.Root, StartupTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<AzuriteStartException>(
            () => azurite.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("did not answer within 1 s", error.Message);
        Assert.False(azurite.IsRunning);
    }

    [Fact(Timeout = 30_000)]
    public async Task PortTakenWhileStartingIsRetriedOnNewPorts()
    {
        using var repository = FakeAzurite.Running(
            """
            const port = process.argv[process.argv.indexOf('--blobPort') + 1];
            require('fs').appendFileSync(log, port + '\n');
            console.error(`Exit due to unhandled error: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
            process.exit(1);
            """);
        await using var azurite = new AzuriteInstance(new AzuriteOptions { RepositoryRoot = repository.Root });

        var error = await Assert.ThrowsAsync<AzuriteStartException>(
            () => azurite.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("EADDRINUSE", error.Message);
        var triedPorts = File.ReadAllLines(repository.ArgumentsLog);
        Assert.True(triedPorts.Length > 1, $"Expected retries, got {triedPorts.Length} attempt(s).");
        Assert.Equal(triedPorts.Length, triedPorts.Distinct().Count());
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
