using System.Text.Json;

namespace Ingestion.Records;

/// <summary>
/// Folds a job's stored pages, in page order, into record files: one open file per partition, a new file when a record
/// needs a wider schema (Parquet), when a file reaches its target size, when too many are open, or when one has been
/// open too long. Each commit is followed by a checkpoint, before anything else is folded.
/// </summary>
/// <remarks>
/// Exactly once: records before the checkpoint's position are in committed files or in the files open at the
/// checkpoint. Resumed from it, the fold writes those open files again from their first record, under the same names
/// and with the same schemas (<see cref="ReplayFrom"/>: the pages before the position are read again for them alone),
/// then goes on. A file committed after the checkpoint and before the next save was one of those open files, and is
/// written again under its name, so no record is ever in two files.
/// </remarks>
public sealed class RecordFold : IDisposable
{
    private readonly RecordFoldSettings _settings;
    private readonly RecordsCheckpoint _checkpoint;
    private readonly IRecordFiles _files;
    private readonly IRecordsProgressSink _sink;
    private readonly RecordPartitioner? _partitioner;
    private readonly Dictionary<string, (OpenRecordFile State, IRecordFile File)> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<int, RecordSchema> _schemas = [];

    // Records before this were folded before the fold resumed: they go again only into the files open then.
    private readonly RecordPosition _resumedAt;
    private RecordSchema _latest;

    public RecordFold(RecordFoldSettings settings, RecordsCheckpoint checkpoint, IRecordFiles files, IRecordsProgressSink sink)
    {
        _settings = settings;
        _checkpoint = checkpoint;
        _files = files;
        _sink = sink;
        _partitioner = settings.Spec.PartitionBy is { } partition ? new RecordPartitioner(partition.Pointer, partition.Granularity) : null;
        _resumedAt = checkpoint.Position;
        _latest = RecordSchema.Of(checkpoint.LatestSchema.Columns);
        foreach (var open in checkpoint.Open)
        {
            _open[open.Partition] = (open, _files.Open(NameOf(open), SchemaOf(open.SchemaVersion)));
        }
    }

    public RecordsCheckpoint Checkpoint => _checkpoint;

    /// <summary>Where a resumed fold starts reading pages again: the first record of its oldest open file; null when none was open.</summary>
    public RecordPosition? ReplayFrom => ReplayFromOf(_checkpoint);

    /// <summary>The first page a fold resumed from <paramref name="checkpoint"/> reads: where its oldest open file began, else its position.</summary>
    public static int FirstPageOf(RecordsCheckpoint checkpoint) => ReplayFromOf(checkpoint)?.Page ?? checkpoint.Position.Page;

    /// <summary>The records folded: in committed files, and in open ones.</summary>
    public long Rows => _checkpoint.CommittedRows + _open.Values.Sum(open => open.File.Rows);

    public int OpenFiles => _open.Count;

    /// <summary>
    /// Folds page <paramref name="page"/>: its records, or nothing when <paramref name="content"/> is null (the page
    /// has no content: it failed, or was cancelled).
    /// </summary>
    public async Task FoldAsync(int page, PageRecordsContent? content, CancellationToken cancellationToken)
    {
        // What happens to a page as a whole (skipped, in error, old files committed) happened already if the fold had
        // started the page before it resumed.
        var firstVisit = RecordPosition.StartOf(page) >= _resumedAt;
        if (firstVisit)
        {
            await CommitStaleAsync(page, cancellationToken);
        }

        if (content is null || content.Error is not null)
        {
            if (firstVisit)
            {
                await NoteEmptyAsync(page, content?.Error, cancellationToken);
            }

            return;
        }

        var index = 0;
        foreach (var record in content.Records!.Value.EnumerateArray())
        {
            var position = new RecordPosition(page, index++);
            var lineage = _settings.Spec.Lineage ? new RecordLineage(_settings.JobId, page, content.FetchedAt) : (RecordLineage?)null;
            if (position < _resumedAt)
            {
                await RewriteAsync(record, position, lineage, cancellationToken);
            }
            else
            {
                await AddAsync(record, position, lineage, cancellationToken);
            }
        }

        if (RecordPosition.StartOf(page + 1) > _checkpoint.Position)
        {
            _checkpoint.Position = RecordPosition.StartOf(page + 1);
        }
    }

    /// <summary>Commits every open file, and ends the pass over a round of <paramref name="lastPage"/> pages.</summary>
    public async Task CompletePassAsync(int lastPage, CancellationToken cancellationToken)
    {
        var end = RecordPosition.StartOf(lastPage + 1);
        foreach (var partition in _open.Keys.ToList())
        {
            await CommitAsync(partition, end, cancellationToken);
        }

        RecordPass.Complete(_checkpoint, lastPage);
        await _sink.SaveAsync(_checkpoint, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var (_, file) in _open.Values)
        {
            file.Dispose();
        }

        _open.Clear();
    }

    /// <summary>A record before the resume point: into the file it was in then, if that one was open; else it is committed already.</summary>
    private async Task RewriteAsync(JsonElement record, RecordPosition position, RecordLineage? lineage, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(PartitionOf(record), out var open) && open.State.OpenedAt <= position)
        {
            await open.File.WriteAsync(record, lineage, cancellationToken);
        }
    }

    private async Task AddAsync(JsonElement record, RecordPosition position, RecordLineage? lineage, CancellationToken cancellationToken)
    {
        Observe(record, lineage is not null);
        var partition = PartitionOf(record);
        if (_open.TryGetValue(partition, out var open)
            && _settings.Spec.Format == RecordFormat.Parquet
            && !SchemaOf(open.State.SchemaVersion).Holds(record))
        {
            // A field the file has no column for: the rest of the partition goes into a file with the wider schema.
            await CommitAsync(partition, position, cancellationToken);
        }

        if (!_open.TryGetValue(partition, out open))
        {
            if (_open.Count >= _settings.MaxOpenFiles)
            {
                var leastRecent = _open.MinBy(entry => entry.Value.State.LastWrite).Key;
                await CommitAsync(leastRecent, position, cancellationToken);
            }

            var state = new OpenRecordFile
            {
                Partition = partition,
                Sequence = _checkpoint.NextSequence++,
                SchemaVersion = _checkpoint.LatestSchema.Version,
                OpenedAt = position,
            };
            _checkpoint.Open.Add(state);
            open = (state, _files.Open(NameOf(state), _latest));
            _open[partition] = open;
        }

        var (current, file) = open;
        await file.WriteAsync(record, lineage, cancellationToken);
        current.LastWrite = ++_checkpoint.Clock;
        _checkpoint.Position = position with { Record = position.Record + 1 };
        if (file.Bytes >= _settings.TargetFileBytes)
        {
            await CommitAsync(partition, _checkpoint.Position, cancellationToken);
        }
    }

    /// <summary>Commits the files open since <see cref="RecordFoldSettings.ReplayWindowPages"/> pages before <paramref name="page"/>.</summary>
    private async Task CommitStaleAsync(int page, CancellationToken cancellationToken)
    {
        var stale = _checkpoint.Open.Where(open => page - open.OpenedAt.Page >= _settings.ReplayWindowPages).Select(open => open.Partition).ToList();
        foreach (var partition in stale)
        {
            await CommitAsync(partition, RecordPosition.StartOf(page), cancellationToken);
        }
    }

    private async Task NoteEmptyAsync(int page, string? error, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            RecordPass.Skip(_checkpoint, page);
        }
        else
        {
            _checkpoint.ErrorPages++;
            await _sink.RecordErrorAsync(page, error, cancellationToken);
        }

        _checkpoint.Position = RecordPosition.StartOf(page + 1);
    }

    /// <summary>Commits a partition's open file; every record before <paramref name="position"/> is then folded, which the checkpoint saved says.</summary>
    private async Task CommitAsync(string partition, RecordPosition position, CancellationToken cancellationToken)
    {
        var (state, file) = _open[partition];
        var metadata = RecordFileMetadata.Of(_settings.JobId, partition, state.SchemaVersion);
        var committed = await file.CommitAsync(metadata, cancellationToken);
        file.Dispose();
        _open.Remove(partition);
        _checkpoint.Open.Remove(state);
        _checkpoint.CommittedFiles++;
        _checkpoint.CommittedRows += committed.Rows;
        _checkpoint.CommittedBytes += committed.Bytes;
        _checkpoint.Position = position;
        _checkpoint.Schemas.RemoveAll(schema =>
            schema.Version != _checkpoint.LatestSchema.Version && !_checkpoint.Open.Exists(open => open.SchemaVersion == schema.Version));
        await _sink.SaveAsync(_checkpoint, cancellationToken);
    }

    private void Observe(JsonElement record, bool lineage)
    {
        if (_latest.Holds(record))
        {
            // Most records fit the schema as it is: nothing to widen, and nothing to warn of (a field named as a lineage
            // column that the schema holds was warned of when it first came).
            return;
        }

        var (wider, warnings) = _latest.Observe(record);
        foreach (var warning in warnings)
        {
            Warn(warning);
        }

        if (lineage && record.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in record.EnumerateObject())
            {
                if (RecordLineage.IsColumn(field.Name))
                {
                    Warn($"Field '{field.Name}' of the records gives way to the lineage column of that name (the raw page keeps it).");
                }
            }
        }

        if (!ReferenceEquals(wider, _latest))
        {
            _latest = wider;
            _checkpoint.Schemas.Add(new RecordSchemaVersion(_checkpoint.LatestSchema.Version + 1, [.. wider.Columns]));
        }
    }

    private void Warn(string warning)
    {
        if (_checkpoint.Warnings.Contains(warning))
        {
            return;
        }

        _checkpoint.WarningCount++;
        if (_checkpoint.Warnings.Count < RecordsCheckpoint.MaxWarnings)
        {
            _checkpoint.Warnings.Add(warning);
        }
    }

    private static RecordPosition? ReplayFromOf(RecordsCheckpoint checkpoint) =>
        checkpoint.Open.Count == 0 ? null : checkpoint.Open.Min(open => open.OpenedAt);

    private string PartitionOf(JsonElement record) => _partitioner?.FolderOf(record) ?? "";

    private RecordSchema SchemaOf(int version)
    {
        if (!_schemas.TryGetValue(version, out var schema))
        {
            schema = RecordSchema.Of(_checkpoint.Schemas.Find(saved => saved.Version == version)?.Columns ?? _checkpoint.LatestSchema.Columns);
            _schemas[version] = schema;
        }

        return schema;
    }

    private string NameOf(OpenRecordFile open) =>
        RecordFileNames.Of(_settings.Destination, open.Partition, open.Sequence, _settings.JobId, _settings.Spec.Format);
}
