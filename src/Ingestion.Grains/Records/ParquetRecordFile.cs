using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using Parquet;
using Parquet.Schema;

namespace Ingestion.Records;

/// <summary>
/// A Parquet record file written into a block blob a row group at a time: records are buffered column by column, typed,
/// until their estimated size reaches <c>rowGroupBytes</c>; then they are written as one row group and its bytes staged
/// as one block. The footer follows the last row group at commit. Only one row group is ever in memory, and the file
/// exists (whole, never in part) only once committed.
/// </summary>
/// <remarks>
/// The file's columns are the schema's, in order, each nullable: Int64 as INT64, Double as DOUBLE, Boolean as BOOLEAN,
/// Timestamp as a UTC TIMESTAMP in milliseconds (<see cref="ParquetColumn.ForTimestamp"/> says why not microseconds),
/// String as a string, Json as a string of the value's JSON text. With lineage, a record column named as a lineage
/// column gives way to it, and <c>_job_id</c> (string), <c>_page</c> (INT64) and <c>_fetched_at</c> (timestamp) follow
/// the record's columns. A schema of no columns and no lineage makes a file of one string <c>_value</c>.
/// </remarks>
/// </remarks>
public sealed class ParquetRecordFile : IRecordFile
{
    public const string ContentType = "application/vnd.apache.parquet";

    private readonly BlockBlobClient _blob;
    private readonly int _rowGroupBytes;
    private readonly BlockStagingStream _output;
    private readonly ParquetColumn[] _recordColumns;
    private readonly Dictionary<string, int> _columnIndexes;
    private readonly LineageColumns? _lineage;

    /// <summary>Every column, the record's then the lineage's: the file's schema, in order.</summary>
    private readonly ParquetColumn[] _columns;

    /// <summary>The values of the record being written, at the indexes of their columns.</summary>
    private readonly JsonElement[] _row;

    private ParquetWriter? _writer;
    private int _bufferedRows;
    private long _bufferedBytes;
    private bool _committed;

    // A row group that failed part-way is half in the writer's stream and footer: the file can only be disposed.
    private bool _broken;

    /// <param name="blob">The blob the file is committed as.</param>
    /// <param name="schema">The columns of every record the file will be given; a record that does not fit is refused.</param>
    /// <param name="lineage">Whether the file has lineage columns; its records then come with their lineage.</param>
    /// <param name="rowGroupBytes">About how many bytes of the records' values a row group holds, as buffered before writing.</param>
    public ParquetRecordFile(BlockBlobClient blob, RecordSchema schema, bool lineage, int rowGroupBytes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupBytes);
        _blob = blob;
        _rowGroupBytes = rowGroupBytes;
        _output = new BlockStagingStream(blob);
        _recordColumns = [.. schema.Columns.Where(column => !(lineage && RecordLineage.IsColumn(column.Name))).Select(ParquetColumn.For)];
        if (_recordColumns.Length == 0 && !lineage)
        {
            // Parquet has no file of no columns: records that gave no column a type ({} or nulls) are counted in a
            // _value of nulls, the column a record that is no object has.
            _recordColumns = [ParquetColumn.For(new RecordColumn(RecordSchema.ValueColumn, ColumnType.String))];
        }

        _columnIndexes = _recordColumns.Select((column, index) => (column.Name, index)).ToDictionary(StringComparer.Ordinal);
        _lineage = lineage ? new LineageColumns() : null;
        _columns = [.. _recordColumns, .. _lineage?.All ?? []];
        _row = new JsonElement[_recordColumns.Length];
    }

    public string Name => _blob.Name;

    /// <summary>The records written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>The bytes staged so far, a row group at a time (the file's size once committed).</summary>
    public long Bytes => _output.Staged;

    /// <summary>
    /// Appends <paramref name="record"/> to the row group being built, and writes and stages the row group when it is big
    /// enough. A record that does not fit the schema (a field with no column, or a value its column's type cannot hold)
    /// throws <see cref="InvalidOperationException"/> and is not written; the file stays as it was.
    /// </summary>
    public async Task WriteAsync(JsonElement record, RecordLineage? lineage, CancellationToken cancellationToken)
    {
        EnsureWritable();
        if (lineage is not null && _lineage is null)
        {
            throw new InvalidOperationException($"Record file '{Name}' was made without lineage columns, yet a record came with its lineage.");
        }

        try
        {
            PlaceValues(record);
            var bytes = 0L;
            for (var i = 0; i < _recordColumns.Length; i++)
            {
                bytes += _recordColumns[i].Append(_row[i]);
            }

            if (_lineage is not null)
            {
                bytes += _lineage.Append(lineage);
            }

            _bufferedBytes += bytes;
        }
        catch
        {
            // A value that did not fit leaves the columns before it one longer than the rest: back to the last row.
            foreach (var column in _columns)
            {
                column.Truncate(_bufferedRows);
            }

            throw;
        }
        finally
        {
            // The record's document is the caller's: its values are copied out, and no reference to it kept.
            Array.Clear(_row);
        }

        _bufferedRows++;
        Rows++;
        if (_bufferedBytes >= _rowGroupBytes)
        {
            await WriteRowGroupAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes what is buffered as the last row group, then the footer, stages them and commits the file. A file with no
    /// records is a valid Parquet file of none. Its SHA-256 is over the bytes as stored.
    /// </summary>
    public async Task<RecordFileCommit> CommitAsync(IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        EnsureWritable();
        if (_bufferedRows > 0)
        {
            await WriteRowGroupAsync(cancellationToken);
        }

        var writer = await WriterAsync(cancellationToken);

        // The footer: it goes to the stream as the writer is disposed.
        await writer.DisposeAsync();
        var sha256 = await _output.CommitAsync(ContentType, metadata, (complete, hash) => RecordFileMetadata.Complete(complete, Rows, hash), cancellationToken);
        _committed = true;
        return new RecordFileCommit(Name, Rows, Bytes, sha256);
    }

    // An uncommitted file leaves only uncommitted blocks, which the service discards; the writer holds nothing else
    // (disposing it would only write a footer).
    public void Dispose() => _output.Dispose();

    private void EnsureWritable()
    {
        if (_committed || _broken)
        {
            throw new InvalidOperationException(_committed
                ? $"Record file '{Name}' is committed already."
                : $"Record file '{Name}' failed part-way through a row group: it cannot be written to or committed, only disposed.");
        }
    }

    /// <summary>Puts each field of <paramref name="record"/> at the index of its column in the row.</summary>
    private void PlaceValues(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            _row[ColumnIndex(RecordSchema.ValueColumn, record)] = record;
            return;
        }

        foreach (var field in record.EnumerateObject())
        {
            if (_lineage is not null && RecordLineage.IsColumn(field.Name))
            {
                continue;
            }

            if (field.Value.ValueKind == JsonValueKind.Null && !_columnIndexes.ContainsKey(field.Name))
            {
                // A null before any value gave the field a column: null it is, whatever the column comes to be.
                continue;
            }

            // A field given twice has its last value, as JsonElement.GetProperty has it.
            _row[ColumnIndex(field.Name, record)] = field.Value;
        }
    }

    private int ColumnIndex(string name, JsonElement record) =>
        _columnIndexes.TryGetValue(name, out var index)
            ? index
            : throw new InvalidOperationException(
                $"Record file '{Name}' has no column '{name}' for a {record.ValueKind} record: the record does not fit the file's schema.");

    private async Task WriteRowGroupAsync(CancellationToken cancellationToken)
    {
        var writer = await WriterAsync(cancellationToken);
        try
        {
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in _columns)
            {
                await column.WriteAsync(rowGroup, cancellationToken);
            }

            rowGroup.CompleteValidate();
        }
        catch
        {
            _broken = true;
            throw;
        }

        foreach (var column in _columns)
        {
            column.Truncate(0);
        }

        _bufferedRows = 0;
        _bufferedBytes = 0;

        // Should staging fail, the row group stays buffered in the stream, and goes with the next block.
        await _output.StageAsync(cancellationToken);
    }

    // Created with the first row group, or at commit: it writes the file's leading magic bytes at once.
    private async Task<ParquetWriter> WriterAsync(CancellationToken cancellationToken) =>
        _writer ??= await ParquetWriter.CreateAsync(
            new ParquetSchema(_columns.Select(column => column.Field)),
            _output,
            new ParquetOptions(),
            append: false,
            cancellationToken);

    /// <summary>The lineage columns, after the record's own.</summary>
    private sealed class LineageColumns
    {
        private readonly ParquetColumn<ReadOnlyMemory<char>> _jobIds = ParquetColumn.ForText(RecordLineage.JobIdColumn, JsonColumnValues.ToText);
        private readonly ParquetColumn<long> _pages = ParquetColumn.ForInt64(RecordLineage.PageColumn);
        private readonly ParquetColumn<DateTime> _fetchedAts = ParquetColumn.ForTimestamp(RecordLineage.FetchedAtColumn);

        public IEnumerable<ParquetColumn> All => [_jobIds, _pages, _fetchedAts];

        /// <summary>Appends a record's lineage (nulls, for a record that came without) and returns its estimated size.</summary>
        public int Append(RecordLineage? lineage) =>
            _jobIds.Append(lineage?.JobId.ToString().AsMemory())
            + _pages.Append(lineage?.Page)
            + _fetchedAts.Append(lineage?.FetchedAt?.UtcDateTime);
    }
}
