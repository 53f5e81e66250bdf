using Azure.Storage.Blobs;
using Ingestion.Jobs;
using Ingestion.Pipelines;
using Ingestion.Storage;

namespace Ingestion.Grains.Pipelines;

/// <summary>
/// Reads the watermark a run reached: the largest cursor value over the records of every page the run stored, read
/// back from the page blobs (the record of what was stored), a few pages at a time; or the largest value of the
/// watermark header the pages kept in their metadata; or the time the run started. Reading again gives the same answer,
/// so a reading cut short by a silo's death is simply done again.
/// </summary>
public sealed class RunWatermarkReader(StoredPageScanner scanner, BlobServiceClient blobs)
{
    private const int PagesReadAtOnce = 8;

    public async Task<RunWatermarkReading> ReadAsync(RunWatermarkSource run, IncrementalSpec incremental, CancellationToken cancellationToken) =>
        incremental.From switch
        {
            WatermarkSource.RunStart => new RunWatermarkReading(Watermark.AtSecond(run.CreatedAt), 0, 0, 0, 0),
            WatermarkSource.Header => await ReadHeadersAsync(run, incremental.CursorType, cancellationToken),
            _ => await ReadRecordsAsync(run, incremental, cancellationToken),
        };

    /// <summary>The largest watermark header value over the run's stored pages, from their blobs' metadata (a listing, no download).</summary>
    private async Task<RunWatermarkReading> ReadHeadersAsync(RunWatermarkSource run, WatermarkKind? declared, CancellationToken cancellationToken)
    {
        Watermark? max = null;
        int pages = 0, without = 0;
        await foreach (var page in scanner.StreamAsync(run.JobId, run.Spec, run.Destination, knownUrl: _ => null, cancellationToken))
        {
            pages++;
            var value = page.Watermark is { } text ? Watermark.FromText(text, declared) : null;
            without += value is null ? 1 : 0;
            max = Watermark.Max(max, value);
        }

        return new RunWatermarkReading(max, pages, pages - without, without, 0);
    }

    private async Task<RunWatermarkReading> ReadRecordsAsync(RunWatermarkSource run, IncrementalSpec incremental, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(run.Destination.Container);
        var gate = new Lock();
        Watermark? max = null;
        int pages = 0, unreadable = 0;
        long records = 0, withoutCursor = 0;

        var stored = scanner.StreamAsync(run.JobId, run.Spec, run.Destination, knownUrl: _ => null, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = PagesReadAtOnce, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(stored, parallel, async (page, token) =>
        {
            await using var body = await container.GetBlobClient(page.Blob).OpenReadAsync(cancellationToken: token);
            var reading = await PageCursorReader.ReadAsync(body, incremental.RecordsPointer!, incremental.CursorPointer!, incremental.CursorType, token);
            lock (gate)
            {
                pages++;
                records += reading.Records;
                withoutCursor += reading.WithoutCursor;
                unreadable += reading.Problem is null ? 0 : 1;
                max = Watermark.Max(max, reading.Max);
            }
        });

        return new RunWatermarkReading(max, pages, records, withoutCursor, unreadable);
    }
}
