using Azure.Data.Tables;
using Ingestion.Storage;
using Ingestion.Testing;

namespace Ingestion.IntegrationTests;

/// <summary>An index's table, created on first use, in a real Azurite that is down at that first use.</summary>
public sealed class CreatedTableTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_creation_that_failed_while_storage_was_down_is_tried_again_once_it_is_back()
    {
        await using var azurite = await AzuriteInstance.StartNewAsync(cancellationToken: Cancellation);
        var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } };
        var name = $"created{Guid.NewGuid():N}";
        var table = new CreatedTable(azurite.CreateTableServiceClient(options), name);

        await azurite.StopAsync(Cancellation);
        await Assert.ThrowsAnyAsync<Exception>(table.GetAsync);
        await azurite.StartAsync(Cancellation);
        var client = await table.GetAsync();

        Assert.Equal(name, client.Name);
        var found = azurite.CreateTableServiceClient().QueryAsync(entry => entry.Name == name, cancellationToken: Cancellation);
        Assert.Single(await found.ToListAsync(Cancellation));
        // Created once: later callers share it.
        Assert.Same(await table.GetAsync(), client);
    }
}
