using System.Text.Json;
using NetFlow.Collector.Output;
using NetFlow.Protocol.Records;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// Writes records as JSON lines, one object per record in the shape of <c>netflow decode
/// --json</c>, to standard output (or any stream) or to files rotated by time and size,
/// optionally gzip or zstd compressed.
/// <para>
/// Files: a file is written under a hidden temp name and renamed to its final name when it is
/// finished (rotation, shutdown), so a reader never sees a partial file under a final name. It
/// is opened at the first record that needs it, so no empty files. Time rotation is checked at
/// each batch and each flush: a sink that gets neither keeps its file open past the boundary.
/// Leftover temp files from a crash are finished at start (see <see cref="JsonLinesRecovery"/>)
/// and listed in <see cref="Recovered"/>. One sink per directory and prefix: a second one fails
/// at start on the <c>.PREFIX.lock</c> file rather than finishing the first one's open file.
/// </para>
/// <para>
/// Errors: an exception from the output (disk full, a closed pipe) is counted in
/// <see cref="Counters"/> and rethrown when it loses records of the call, so the caller (the
/// sink runner) counts the batch as lost and logs it; it is not retried, since part of it may
/// already be in the file. The file being written is given up under its temp name and finished
/// like a crash leftover before the next file opens (or at the next start); the next batch
/// starts a new file. Failing to finish a file at rotation (fsync, rename) loses no record, so
/// it is counted and kept in <see cref="LastWriteError"/> but not thrown; at shutdown it is
/// thrown. A record whose encoding throws is skipped and counted, the rest of the batch is written.
/// </para>
/// </summary>
public sealed class JsonLinesSink : IFlowSink
{
    private readonly JsonLinesSinkOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonLinesFileNames? _names;
    private readonly FileStream? _lock;
    private readonly RecordBuffer _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly ExporterNames _exporters = new();
    private readonly List<string> _abandoned = [];
    private JsonLinesOutput? _output;
    private int _bufferedRecords;
    private bool _disposed;

    /// <summary>To standard output or to files, as <see cref="JsonLinesSinkOptions.Path"/> says; finishes crash leftovers first.</summary>
    /// <param name="timeProvider">The clock for file names and rotation; the system clock by default.</param>
    public JsonLinesSink(JsonLinesSinkOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, options.IsStandardOutput ? Console.OpenStandardOutput() : null, leaveOpen: true)
    {
    }

    /// <summary>To a stream (standard output, a pipe, a test's buffer); no rotation.</summary>
    public JsonLinesSink(Stream output, JsonLinesSinkOptions? options = null, bool leaveOpen = false)
        : this(options ?? JsonLinesSinkOptions.Default, null, output, leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(output);
    }

    private JsonLinesSink(JsonLinesSinkOptions options, TimeProvider? timeProvider, Stream? stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RotationBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BufferBytes);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _buffer = new RecordBuffer(options.BufferBytes + options.BufferBytes / 4);
        // The same writer options as `netflow decode`, so the lines are byte for byte the same.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        if (stream is not null)
        {
            _output = JsonLinesOutput.ForStream(stream, options.Compression, options.CompressionLevel, leaveOpen);
            Recovered = [];
            return;
        }
        _names = JsonLinesFileNames.FromPath(options.Path, options.Compression);
        Directory.CreateDirectory(_names.Directory);
        _lock = TakeLock(_names);
        Recovered = JsonLinesRecovery.FinishLeftovers(_names, options.CompressionLevel);
        Counters.AddRecovered(Recovered.Count(f => f.FinalPath is not null));
    }

    public string Name => "json";

    public JsonLinesSinkCounters Counters { get; } = new();

    /// <summary>Leftover temp files found at start and what became of each: for the host to log.</summary>
    public IReadOnlyList<JsonLinesRecoveredFile> Recovered { get; }

    /// <summary>The last exception from encoding a record (those records are skipped and counted in <see cref="JsonLinesSinkCounters.RecordsFailed"/>).</summary>
    public Exception? LastRecordError { get; private set; }

    /// <summary>The last exception from the output (also counted in <see cref="JsonLinesSinkCounters.WriteErrors"/>), for the host to log.</summary>
    public Exception? LastWriteError { get; private set; }

    /// <summary>The hidden file being written, if any.</summary>
    internal string? CurrentTempPath => _output?.TempPath;

    public async ValueTask WriteAsync(FlowRecordBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
            return;
        int encoded = 0; // a failure counts the buffered records in Fail, the skipped in Encode, the rest here
        try
        {
            if (_output is not null && _time.GetUtcNow() >= _output.RotateAt)
                await FinishOutputAsync(throwIfUnfinished: false, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < batch.Count; i++)
            {
                _output ??= OpenFile();
                bool written = Encode(batch, i);
                encoded++;
                if (!written)
                    continue;
                if (_output.FinalPath is not null && _options.RotationBytes > 0 && _output.Bytes + _buffer.Length >= _options.RotationBytes)
                    await FinishOutputAsync(throwIfUnfinished: false, cancellationToken).ConfigureAwait(false);
                else if (_buffer.Length >= _options.BufferBytes)
                    await DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            Counters.AddFailed(batch.Count - encoded);
            throw;
        }
    }

    /// <summary>
    /// Hands every encoded record to the OS: a plain file or stream has them all; a gzip or zstd
    /// stream is sync-flushed, so its bytes so far decompress to every record so far (with no
    /// stream end yet). No fsync: that is done once per file, before its rename. A file whose
    /// time is up is finished instead.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_output is null)
            return;
        if (_time.GetUtcNow() >= _output.RotateAt)
        {
            await FinishOutputAsync(throwIfUnfinished: false, cancellationToken).ConfigureAwait(false);
            return;
        }
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }
    }

    /// <summary>Finishes the current file (compressed stream end, fsync, rename) or flushes the stream. A failure is counted and thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            if (_output is not null)
                await FinishOutputAsync(throwIfUnfinished: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _json.DisposeAsync().ConfigureAwait(false);
            _lock?.Dispose();
        }
    }

    /// <summary>The operator's rate for this exporter; looked up once per run of records from one exporter.</summary>
    private uint ConfiguredSamplingOf(System.Net.IPAddress exporter)
    {
        if (_options.ConfiguredSampling is not { } lookup)
            return 0;
        if (!ReferenceEquals(exporter, _samplingExporter))
        {
            _samplingExporter = exporter;
            _samplingInterval = lookup(exporter);
        }
        return _samplingInterval;
    }

    private System.Net.IPAddress? _samplingExporter;
    private uint _samplingInterval;

    /// <summary>One record and its newline into the buffer; a record that throws leaves nothing behind.</summary>
    private bool Encode(FlowRecordBatch batch, int index)
    {
        int start = _buffer.Length;
        try
        {
            var record = batch[index];
            FlowRecordJsonWriter.Write(_json, record, _exporters.Of(record.Context.Exporter), _options.Renormalize, ConfiguredSamplingOf(record.Context.Exporter));
            _json.Flush();
            _buffer.WriteByte((byte)'\n');
            _bufferedRecords++;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _buffer.Truncate(start);
            Counters.AddFailed(1);
            LastRecordError = e;
            return false;
        }
        finally
        {
            _json.Reset(); // each line is a new JSON document
        }
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0)
            return;
        try
        {
            await _output!.WriteAsync(_buffer.Written, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            throw;
        }
        Counters.AddWritten(_bufferedRecords, _buffer.Length);
        _buffer.Clear();
        _bufferedRecords = 0;
    }

    /// <summary>
    /// Drains the buffer (a failure there loses records and is thrown) and finishes the output. A
    /// failure to finish a file loses nothing, since its records are all in its temp file, which
    /// is finished like a crash leftover: it is counted and kept in <see cref="LastWriteError"/>,
    /// and thrown only when <paramref name="throwIfUnfinished"/> (at shutdown, so it is reported).
    /// At a rotation it is not thrown, since the caller would count the batch being written as lost.
    /// </summary>
    private async ValueTask FinishOutputAsync(bool throwIfUnfinished, CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        var output = _output!;
        try
        {
            await output.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Fail(e);
            if (throwIfUnfinished)
                throw;
            return;
        }
        _output = null;
        if (output.FinalPath is not null)
            Counters.FileRotated();
    }

    /// <summary>Counts the error and the buffered records; gives the file up under its temp name, to be finished before the next one opens.</summary>
    private void Fail(Exception error)
    {
        LastWriteError = error;
        Counters.WriteError();
        Counters.AddFailed(_bufferedRecords);
        _buffer.Clear();
        _bufferedRecords = 0;
        if (_output?.TempPath is not { } tempPath)
            return; // a stream stays: the next batch tries again
        _output.Abandon();
        _output = null;
        if (File.Exists(tempPath))
            _abandoned.Add(tempPath);
    }

    private JsonLinesOutput OpenFile()
    {
        FinishAbandoned();
        var now = _time.GetUtcNow();
        try
        {
            return JsonLinesOutput.CreateFile(_names!.FreeFinalPath(now), RotationDeadline(now), _options.Compression, _options.CompressionLevel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Counters.WriteError();
            throw;
        }
    }

    /// <summary>Files given up after a write error, finished now if the disk lets us; else tried again at the next file or start.</summary>
    private void FinishAbandoned()
    {
        for (int i = _abandoned.Count - 1; i >= 0; i--)
        {
            var result = JsonLinesRecovery.Finish(_abandoned[i], _options.CompressionLevel);
            if (result.Error is not null)
                continue;
            _abandoned.RemoveAt(i);
            Counters.AddRecovered(result.FinalPath is null ? 0 : 1);
        }
    }

    /// <summary>The next multiple of the rotation interval since the Unix epoch, after <paramref name="now"/>.</summary>
    private DateTimeOffset RotationDeadline(DateTimeOffset now)
    {
        if (!_options.RotatesByTime)
            return DateTimeOffset.MaxValue;
        long interval = _options.RotationInterval.Ticks;
        long sinceEpoch = (now - DateTimeOffset.UnixEpoch).Ticks;
        long next = sinceEpoch / interval * interval;
        long room = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks - next;
        return interval >= room ? DateTimeOffset.MaxValue : DateTimeOffset.UnixEpoch.AddTicks(next + interval);
    }

    /// <summary>
    /// Held for the sink's life (an advisory lock, which .NET takes for FileShare.None on Unix):
    /// start-up recovery must not "finish" the file another live sink is writing.
    /// </summary>
    private static FileStream TakeLock(JsonLinesFileNames names)
    {
        string path = Path.Combine(names.Directory, $".{names.Prefix}.lock");
        return SinkLockFile.Take(path, $"another JSON lines sink is writing {names.Prefix}-* files in {names.Directory} (it holds {path})");
    }
}
