using Azure.Data.Tables;

namespace Ingestion.Storage;

/// <summary>
/// A table created (if it does not exist) on first use, once per silo: the indexes' tables. A creation that failed
/// (storage down when the silo first needed the table) is not kept: the next caller tries again, or the table would stay
/// unusable on this silo until it restarted.
/// </summary>
public sealed class CreatedTable(TableServiceClient tables, string name)
{
    private readonly Lock _lock = new();
    private Task<TableClient>? _created;

    public Task<TableClient> GetAsync()
    {
        lock (_lock)
        {
            if (_created is null or { IsFaulted: true } or { IsCanceled: true })
            {
                _created = CreateAsync();
            }

            return _created;
        }
    }

    private async Task<TableClient> CreateAsync()
    {
        var client = tables.GetTableClient(name);
        // Shared by every caller until it ends, so no one caller's token may cancel it.
        await client.CreateIfNotExistsAsync(CancellationToken.None);
        return client;
    }
}
