using Azure.Data.Tables;

namespace Ingestion.Storage;

/// <summary>A table created (if it does not exist) on first use, once per silo: the indexes' tables.</summary>
public sealed class CreatedTable(TableServiceClient tables, string name)
{
    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var client = tables.GetTableClient(name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> GetAsync() => _table.Value;
}
