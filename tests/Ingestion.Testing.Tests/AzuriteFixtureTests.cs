using System.Text;
using Azure.Data.Tables;
using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

public sealed class AzuriteFixtureTests(AzuriteFixture fixture)
{
    private readonly AzuriteInstance _azurite = fixture.Azurite;

    [Fact]
    public void ConnectionStringNamesLoopbackEndpoints()
    {
        Assert.True(_azurite.IsRunning);
        Assert.Equal(3, new[] { _azurite.BlobPort, _azurite.QueuePort, _azurite.TablePort }.Distinct().Count());
        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{_azurite.BlobPort}/devstoreaccount1;", _azurite.ConnectionString);
        Assert.Contains($"QueueEndpoint=http://127.0.0.1:{_azurite.QueuePort}/devstoreaccount1;", _azurite.ConnectionString);
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{_azurite.TablePort}/devstoreaccount1;", _azurite.ConnectionString);
        Assert.StartsWith("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=", _azurite.ConnectionString);
    }

    [Fact(Timeout = 30_000)]
    public async Task BlobRoundTrips()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var container = _azurite.CreateBlobServiceClient().GetBlobContainerClient($"c{Guid.NewGuid():N}");
        await container.CreateAsync(cancellationToken: cancellationToken);
        var content = Encoding.UTF8.GetBytes("hello from the upstream");

        await container.GetBlobClient("pages/1.json").UploadAsync(new BinaryData(content), cancellationToken);
        var downloaded = await container.GetBlobClient("pages/1.json").DownloadContentAsync(cancellationToken);

        Assert.Equal(content, downloaded.Value.Content.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task TableEntityRoundTrips()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var table = _azurite.CreateTableServiceClient().GetTableClient($"t{Guid.NewGuid():N}");
        await table.CreateAsync(cancellationToken);

        await table.AddEntityAsync(new TableEntity("job-1", "page-7") { ["Status"] = "Stored" }, cancellationToken);
        var entity = await table.GetEntityAsync<TableEntity>("job-1", "page-7", cancellationToken: cancellationToken);

        Assert.Equal("Stored", entity.Value.GetString("Status"));
    }
}
