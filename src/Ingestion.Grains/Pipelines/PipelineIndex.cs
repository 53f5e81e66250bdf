using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Ingestion.Storage;
using Ingestion.Pipelines;

namespace Ingestion.Grains.Pipelines;

/// <summary>
/// One table row per pipeline, written by the pipeline itself when it is created, changed or deleted: the cost of a
/// write does not grow with the number of pipelines. Rows sort newest first (the row key counts down from the latest
/// time), so a listing reads from the start of the table.
/// </summary>
public sealed class PipelineIndex(TableServiceClient tables)
{
    public const string TableName = "ingestionpipelines";
    private const string Partition = "pipelines";

    private readonly CreatedTable _table = new(tables, TableName);

    public async Task UpsertAsync(PipelineSummary pipeline, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync();
        await table.UpsertEntityAsync(
            new TableEntity(Partition, RowKey(pipeline.Id, pipeline.CreatedAt))
            {
                ["Id"] = pipeline.Id,
                ["Name"] = pipeline.Name,
                ["CreatedAt"] = pipeline.CreatedAt,
                ["Paused"] = pipeline.Paused,
                ["Schedule"] = pipeline.Schedule,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task DeleteAsync(Guid id, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync();
        await table.DeleteEntityAsync(Partition, RowKey(id, createdAt), ETag.All, cancellationToken);
    }

    /// <summary>Pipelines newest first; the total counts every row, reading keys only.</summary>
    public async Task<Listing<PipelineSummary>> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync();
        var items = new List<PipelineSummary>();
        var total = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            if (total >= skip && items.Count < take)
            {
                items.Add(new PipelineSummary
                {
                    Id = row.GetGuid("Id") ?? Guid.Empty,
                    Name = row.GetString("Name") ?? "",
                    CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
                    Paused = row.GetBoolean("Paused") ?? false,
                    Schedule = row.GetString("Schedule") ?? "",
                });
            }

            total++;
        }

        return new Listing<PipelineSummary>(items, total, skip, take);
    }

    /// <summary>Descending by creation, then by id: the newest pipeline has the smallest key.</summary>
    private static string RowKey(Guid id, DateTimeOffset createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks:D19}-{id:N}");
}
