namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// What the JSON lines sink has done, for a metrics layer to read from any thread while the
/// sink's own task writes (one writer; reads are atomic 64-bit loads).
/// </summary>
public sealed class JsonLinesSinkCounters
{
    private long _recordsWritten;
    private long _bytesWritten;
    private long _filesRotated;
    private long _writeErrors;
    private long _recordsFailed;
    private long _filesRecovered;

    /// <summary>Records handed to the output stream (file or standard output).</summary>
    public long RecordsWritten => Volatile.Read(ref _recordsWritten);
    /// <summary>JSON bytes, newlines included, handed to the output before compression.</summary>
    public long BytesWritten => Volatile.Read(ref _bytesWritten);
    /// <summary>Files finished and given their final name: at rotation and at shutdown.</summary>
    public long FilesRotated => Volatile.Read(ref _filesRotated);
    /// <summary>Exceptions from writing, flushing, finishing or renaming; each one also propagates to the caller.</summary>
    public long WriteErrors => Volatile.Read(ref _writeErrors);
    /// <summary>Records that did not reach the output: encoding threw, or they were buffered when a write failed.</summary>
    public long RecordsFailed => Volatile.Read(ref _recordsFailed);
    /// <summary>Temporary files left by a crash or a failed write, finished under a final name.</summary>
    public long FilesRecovered => Volatile.Read(ref _filesRecovered);

    internal void AddWritten(int records, int bytes)
    {
        Interlocked.Add(ref _recordsWritten, records);
        Interlocked.Add(ref _bytesWritten, bytes);
    }

    internal void FileRotated() => Interlocked.Increment(ref _filesRotated);
    internal void WriteError() => Interlocked.Increment(ref _writeErrors);
    internal void AddFailed(int records) => Interlocked.Add(ref _recordsFailed, records);
    internal void AddRecovered(int files) => Interlocked.Add(ref _filesRecovered, files);
}
