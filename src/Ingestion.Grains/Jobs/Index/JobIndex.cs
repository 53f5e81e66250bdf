using Azure;
using Azure.Data.Tables;
using Ingestion.Storage;
using Ingestion.Jobs;

namespace Ingestion.Grains.Jobs.Index;

/// <summary>
/// One table row per job, written by the job itself when it starts and when its status changes: the cost of a write
/// does not grow with the number of jobs, nor does a listing's, which reads the rows after its continuation only.
/// Rows are partitioned by month and sorted newest first (<see cref="JobIndexKeys"/>).
/// </summary>
public sealed class JobIndex(TableServiceClient tables)
{
    public const string TableName = "ingestionjobs";

    private readonly CreatedTable _table = new(tables, TableName);

    public async Task UpsertAsync(JobSummary job, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync();
        await table.UpsertEntityAsync(EntityOf(job), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Up to <paramref name="take"/> jobs, newest first, after <paramref name="continuation"/> (see <see cref="JobIndexKeys.TryReadContinuation"/>).</summary>
    public async Task<ContinuedListing<JobSummary>> ListAsync(int take, string? continuation, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync();
        var items = new List<TableEntity>(take);
        if (continuation is null)
        {
            await ReadAsync(table, null, items, take, cancellationToken);
        }
        else
        {
            if (!JobIndexKeys.TryReadContinuation(continuation, out var partition, out var row))
            {
                throw new ArgumentException("Not a continuation this list gave.", nameof(continuation));
            }

            // The rest of the last row's month, then the older months: two range reads, each from a point in the keys.
            await ReadAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {row}"), items, take, cancellationToken);
            await ReadAsync(table, TableClient.CreateQueryFilter($"PartitionKey gt {partition}"), items, take, cancellationToken);
        }

        // A full slice may be the last: the next one is then empty, which costs one read and says so.
        var next = items.Count == take ? JobIndexKeys.ContinuationAfter(items[^1].PartitionKey, items[^1].RowKey) : null;
        return new ContinuedListing<JobSummary>([.. items.Select(SummaryOf)], take, next);
    }

    private static async Task ReadAsync(TableClient table, string? filter, List<TableEntity> items, int take, CancellationToken cancellationToken)
    {
        if (items.Count >= take)
        {
            return;
        }

        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take - items.Count, cancellationToken: cancellationToken))
        {
            items.Add(row);
            if (items.Count >= take)
            {
                return;
            }
        }
    }

    private static TableEntity EntityOf(JobSummary job) => new(JobIndexKeys.PartitionOf(job.CreatedAt), JobIndexKeys.RowOf(job.Id, job.CreatedAt))
    {
        ["Id"] = job.Id,
        ["Name"] = job.Name,
        ["Status"] = job.Status.ToString(),
        ["CreatedAt"] = job.CreatedAt,
        ["CompletedAt"] = job.CompletedAt,
        ["PipelineId"] = job.PipelineId,
        ["RunNumber"] = job.RunNumber,
    };

    private static JobSummary SummaryOf(TableEntity row) => new(
        row.GetGuid("Id") ?? Guid.Empty,
        row.GetString("Name"),
        Enum.TryParse<JobStatus>(row.GetString("Status"), out var status) ? status : JobStatus.Running,
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("CompletedAt"),
        row.GetGuid("PipelineId"),
        row.GetInt32("RunNumber"));
}
