using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Ingestion.Records;

/// <summary>Opens a job's record files as block blobs in its destination container, in the job's format.</summary>
public sealed class StoredRecordFiles(BlobContainerClient container, RecordsSpec spec, RecordsOptions options) : IRecordFiles
{
    public IRecordFile Open(string name, RecordSchema schema)
    {
        var blob = container.GetBlockBlobClient(name);
        return spec.Format == RecordFormat.Parquet
            ? new ParquetRecordFile(blob, schema, spec.Lineage, options.RowGroupKiB * 1024)
            : new JsonLinesGzipFile(blob, options.JsonLinesBlockKiB * 1024);
    }
}
