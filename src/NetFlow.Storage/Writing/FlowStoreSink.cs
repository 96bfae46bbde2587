using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.Sinks.JsonLines;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;
using NetFlow.Storage.Retention;
using NetFlow.Storage.Rollups;
using NetFlow.Storage.Schema;
using NetFlow.Storage.Writing.Parquet;
using Parquet;

namespace NetFlow.Storage.Writing;

/// <summary>
/// The flow store as a sink: records become rows of Parquet files, one file per dataset (flows,
/// options) per rotation interval, partitioned by date and hour (see <see cref="StoreLayout"/>).
/// Row groups are written to the file's temp name as they fill; at the end of the interval the
/// file gets its footer, is synced and renamed into place, then retention runs.
/// <para>
/// Crash guarantee: finished files are complete and durable (fsync before rename). A crash
/// loses the interval being written, at most <see cref="FlowStoreOptions.RotationInterval"/>
/// of records; its temp files are removed at the next start and counted. A clean stop
/// (SIGTERM) finishes the open files, so it loses nothing.
/// </para>
/// <para>
/// Errors: a failed write (disk full) gives up the interval's files, counts their rows in
/// <see cref="FlowStoreCounters.LostRecords"/> and rethrows, so the sink runner counts and logs
/// it; the next batch starts new files. One writer per store directory: a second one fails at
/// start on <c>DIR/.lock</c> rather than racing the first.
/// </para>
/// </summary>
public sealed class FlowStoreSink : IFlowSink, ISinkCounters
{
    private readonly FlowStoreOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly FileStream _lock;
    private readonly ExporterNames _exporters = new();
    private readonly FlowRowGroup _flows;
    private readonly OptionsRowGroup _optionsRows;
    private readonly DatasetWriter<FlowStoreFile> _flowFiles;
    private readonly DatasetWriter _optionsFiles;
    private readonly ParquetOptions _parquet;
    private readonly RollupSegment? _rollups;
    private DateTime? _intervalStart;
    private bool _disposed;

    public FlowStoreSink(FlowStoreOptions options, ILogger? log = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RotationInterval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowGroupRows, 1);
        // First: a codec the flow writer lacks fails here, before the store is locked.
        _flowFiles = new DatasetWriter<FlowStoreFile>(options.Directory, StoreLayout.FlowsDirectory, FlowStoreFile.Creator(options.Compression));
        _options = options;
        _log = log ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(options.Directory);
        _lock = TakeLock(options.Directory);
        Leftovers = StoreRecovery.RemoveLeftovers(options.Directory);
        Interlocked.Add(ref Counters._leftoversRemoved, Leftovers.Count);
        foreach (var leftover in Leftovers)
            _log.LogWarning("store: removed {File} ({Bytes} bytes), the unfinished file of a run that did not stop cleanly", leftover.Path, leftover.Bytes);

        var parquet = new ParquetOptions { CompressionMethod = options.Compression, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
        _parquet = parquet;
        _rollups = options.Rollups ? new RollupSegment(options.RollupMaxGroups) : null;
        _flows = new FlowRowGroup(options.RowGroupRows);
        _optionsRows = new OptionsRowGroup(Math.Min(options.RowGroupRows, 16 * 1024));
        _optionsFiles = new DatasetWriter(options.Directory, StoreLayout.OptionsDirectory, OptionsRowGroup.Schema, parquet);
    }

    public string Name => "store";
    public FlowStoreCounters Counters { get; } = new();
    public IEnumerable<SinkCounter> ReadCounters() =>
    [
        new("netflow_store_flow_records_total", "Flow records in finished store files.", Counters.FlowRecords),
        new("netflow_store_options_records_total", "Options data records in finished store files.", Counters.OptionsRecords),
        new("netflow_store_files_total", "Store files finished (footer written, synced, renamed into place).", Counters.FilesFinished),
        new("netflow_store_bytes_total", "Bytes of store files finished.", Counters.BytesFinished),
        new("netflow_store_lost_records_total", "Records given up because writing their file failed (disk full ...).", Counters.LostRecords),
        new("netflow_store_retention_removed_files_total", "Store files removed by retention (age or size).", Counters.RetentionRemovedFiles),
        new("netflow_store_retention_removed_bytes_total", "Bytes of store files removed by retention.", Counters.RetentionRemovedBytes),
        new("netflow_store_leftovers_removed_total", "Unfinished files of an earlier run (crash) removed at start.", Counters.LeftoversRemoved),
        new("netflow_store_rollup_files_total", "Rollup files written (hourly per-key totals that top-N queries read instead of the flows).", Counters.RollupFiles),
        new("netflow_store_rollups_skipped_total", "Rollups not written (too many groups, a lost file, a write error); queries read those flows instead.", Counters.RollupsSkipped),
    ];

    /// <summary>Temp files of an earlier run removed at start.</summary>
    public IReadOnlyList<StoreRecovery.Leftover> Leftovers { get; }

    public async ValueTask WriteAsync(FlowRecordBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await RotateIfDueAsync().ConfigureAwait(false);
        if (_intervalStart is null)
            await BeginIntervalAsync().ConfigureAwait(false);
        try
        {
            _runByRunBefore = 0;
            for (int r = 0, skip = 0; r < batch.RunCount;)
            {
                skip += AddRuns(batch, r, skip);
                // Past the runs the records added finished.
                while (r < batch.RunCount && skip >= batch.Run(r).Count)
                    skip -= batch.Run(r++).Count;
                if (_flows.IsFull)
                    await WriteFlowRowsAsync(cancellationToken).ConfigureAwait(false);
                if (_optionsRows.IsFull)
                    await WriteOptionsRowsAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await GiveUpIntervalAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task BeginIntervalAsync()
    {
        var start = StoreLayout.Floor(_time.GetUtcNow().UtcDateTime, _options.RotationInterval);
        // After an idle stretch the new interval may lie in another hour than the segment's files.
        if (_rollups is not null && _rollups.EndsBefore(start))
            await CloseRollupsAsync().ConfigureAwait(false);
        _rollups?.Begin(start);
        _intervalStart = start;
    }

    /// <summary>
    /// Adds records from record <paramref name="skip"/> of run <paramref name="first"/> on, until a row
    /// group is full or the records it can take one way end; returns how many (at least one). Flow
    /// records of a fixed-length template go column by column, together with the runs after that
    /// have the same exporter and sampling rate (such a template has no sampling fields, so the rate
    /// comes from the message's domain or header, the same for every record of a run); the rest
    /// one by one, to the end of their run.
    /// </summary>
    private int AddRuns(FlowRecordBatch batch, int first, int skip)
    {
        ref readonly var run = ref batch.Run(first);
        if (run.Template.Kind == TemplateKind.Data && run.Template.IsFixedLength)
        {
            var exporterAddress = run.Context.Exporter;
            uint sampling = SamplingOf(batch, run, skip);
            int runs = 1;
            for (; first + runs < batch.RunCount && first >= _runByRunBefore; runs++)
            {
                ref readonly var next = ref batch.Run(first + runs);
                if (!ReferenceEquals(next.Template, run.Template) || !ReferenceEquals(next.Context.Exporter, exporterAddress) || SamplingOf(batch, next, 0) != sampling)
                    break;
            }
            string exporter = _exporters.Of(exporterAddress);
            int added = _flows.TryAddRuns(batch, first, runs, skip, exporter, sampling, _options.Renormalize);
            // A value that did not fit may be in a later run: this one alone may still go column by column,
            // and so may the others, but one at a time (trying them together again from each would fill
            // the same columns over and over).
            if (added == 0 && runs > 1)
            {
                _runByRunBefore = first + runs;
                added = _flows.TryAddRuns(batch, first, 1, skip, exporter, sampling, _options.Renormalize);
            }
            if (added > 0)
                return added;
        }
        int i = skip;
        do
        {
            Add(batch, run.First + i++);
        }
        while (i < run.Count && !_flows.IsFull && !_optionsRows.IsFull);
        return i - skip;
    }

    /// <summary>In the batch being written, runs before this one go column by column one run at a time (see <see cref="AddRuns"/>).</summary>
    private int _runByRunBefore;

    /// <summary>The sampling rate of a fixed-length run's records: a columnar template has no sampling fields, so its message's domain or header, or what is configured, gives it.</summary>
    private uint SamplingOf(FlowRecordBatch batch, in RecordRun run, int skip) =>
        batch[run.First + skip].TryGetSamplingInterval(out uint exported) ? exported : _options.ConfiguredSampling?.Invoke(run.Context.Exporter) ?? 0;

    private void Add(FlowRecordBatch batch, int index)
    {
        var record = batch[index];
        var exporterAddress = record.Context.Exporter;
        string exporter = _exporters.Of(exporterAddress);
        if (record.IsOptions)
        {
            _optionsRows.Add(record, exporter);
            return;
        }
        uint sampling = record.TryGetSamplingInterval(out uint exported) ? exported : _options.ConfiguredSampling?.Invoke(exporterAddress) ?? 0;
        _flows.Add(record, exporter, sampling, _options.Renormalize);
    }

    /// <summary>Nothing is made visible before the interval ends (a Parquet file is readable only whole); this rotates when it has.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
            return;
        await RotateIfDueAsync().ConfigureAwait(false);
    }

    private async Task RotateIfDueAsync()
    {
        if (_intervalStart is not { } start || _time.GetUtcNow().UtcDateTime < start + _options.RotationInterval)
            return;
        try
        {
            await FinishIntervalAsync().ConfigureAwait(false);
        }
        catch
        {
            await GiveUpIntervalAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes what waits in memory, finishes both files, then applies retention.</summary>
    private async Task FinishIntervalAsync()
    {
        if (_flows.Count > 0)
            await WriteFlowRowsAsync(CancellationToken.None).ConfigureAwait(false);
        if (_optionsRows.Count > 0)
            await WriteOptionsRowsAsync(CancellationToken.None).ConfigureAwait(false);
        var intervalStart = _intervalStart;
        _intervalStart = null;
        if (await _flowFiles.FinishAsync().ConfigureAwait(false) is { } flows)
        {
            Interlocked.Add(ref Counters._flowRecords, flows.Rows);
            Finished(flows.Path, flows.Rows, flows.Bytes);
            _rollups?.FileFinished(flows.Path);
        }
        if (await _optionsFiles.FinishAsync().ConfigureAwait(false) is { } options)
        {
            Interlocked.Add(ref Counters._optionsRecords, options.Rows);
            Finished(options.Path, options.Rows, options.Bytes);
        }
        // The hour's last interval: its rollups are complete.
        if (_rollups is not null && intervalStart is { } s && _rollups.EndsBefore(s + _options.RotationInterval))
            await CloseRollupsAsync().ConfigureAwait(false);
        ApplyRetention();
    }

    /// <summary>Writes the segment's rollups. A failure costs only speed (queries read those flows), so it is logged and counted, not thrown.</summary>
    private async Task CloseRollupsAsync()
    {
        try
        {
            var (written, givenUp) = await _rollups!.CloseAsync(_options.Directory, _parquet).ConfigureAwait(false);
            Interlocked.Add(ref Counters._rollupFiles, written.Count);
            Interlocked.Add(ref Counters._rollupsSkipped, givenUp.Count);
            foreach (var (path, bytes) in written)
                _log.LogDebug("store: rollup {File}: {Bytes} bytes", path, bytes);
            foreach (string key in givenUp)
                _log.LogInformation("store: no {Key} rollup for this hour (more than {Max} groups, a group for nearly every flow, or a sum too large); top-N by {Key} reads its flows", key, _options.RollupMaxGroups, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref Counters._rollupsSkipped);
            _log.LogWarning(e, "store: could not write this hour's rollups; queries read its flows instead");
        }
    }

    private void Finished(string path, long rows, long bytes)
    {
        Interlocked.Increment(ref Counters._files);
        Interlocked.Add(ref Counters._bytes, bytes);
        _log.LogDebug("store: finished {File}: {Rows} records, {Bytes} bytes", path, rows, bytes);
    }

    private void ApplyRetention()
    {
        if (_options.RetentionAge is null && _options.RetentionBytes is null)
            return;
        var removed = StoreRetention.Apply(_options.Directory, _options.RetentionAge, _options.RetentionBytes, _time.GetUtcNow().UtcDateTime, _options.RotationInterval);
        foreach (var r in removed)
        {
            Interlocked.Increment(ref Counters._removedFiles);
            Interlocked.Add(ref Counters._removedBytes, r.Bytes);
            _log.LogInformation("store retention: removed {File} ({Bytes} bytes): {Reason}", r.Path, r.Bytes, r.Reason);
        }
    }

    private async Task WriteFlowRowsAsync(CancellationToken cancellationToken)
    {
        var rows = _flows;
        await _flowFiles.WriteRowGroupAsync(_intervalStart!.Value, rows.Count, rows.Span,
            file => file.WriteAsync(rows, cancellationToken), cancellationToken).ConfigureAwait(false);
        _rollups?.Add(rows);
        rows.Clear();
    }

    private async Task WriteOptionsRowsAsync(CancellationToken cancellationToken)
    {
        var rows = _optionsRows;
        await _optionsFiles.WriteRowGroupAsync(_intervalStart!.Value, rows.Count, rows.Span,
            w => rows.WriteAsync(w, cancellationToken), cancellationToken).ConfigureAwait(false);
        rows.Clear();
    }

    /// <summary>After a failed write: the interval's rows (in files and in memory) are lost, counted, and the next record starts afresh.</summary>
    private async Task GiveUpIntervalAsync()
    {
        long lost = _flows.Count + _optionsRows.Count;
        _flows.Clear();
        _optionsRows.Clear();
        _intervalStart = null;
        if (_rollups?.Abandon() == true)
            Interlocked.Increment(ref Counters._rollupsSkipped);
        try
        {
            lost += await _flowFiles.AbandonAsync().ConfigureAwait(false);
            lost += await _optionsFiles.AbandonAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            _log.LogWarning(e, "store: could not remove an unfinished file; it is removed at the next start");
        }
        Interlocked.Add(ref Counters._lostRecords, lost);
        _log.LogError("store: gave up the current interval's files after a write error; {Lost} records lost", lost);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            await FinishIntervalAsync().ConfigureAwait(false);
            if (_rollups is not null)
                await CloseRollupsAsync().ConfigureAwait(false);
        }
        catch
        {
            await GiveUpIntervalAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static FileStream TakeLock(string directory)
    {
        string path = Path.Combine(directory, ".lock");
        return SinkLockFile.Take(path, $"the store {directory} is in use by another collector ({path} is locked)", FileOptions.DeleteOnClose);
    }
}
