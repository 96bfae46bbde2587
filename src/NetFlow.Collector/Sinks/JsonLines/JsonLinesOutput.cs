using System.IO.Compression;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// One destination being written: a file under its hidden temp name (renamed to its final name by
/// <see cref="FinishAsync"/>), or a given stream such as standard output, each with its compressor.
/// </summary>
internal sealed class JsonLinesOutput
{
    private readonly Stream _target;
    private readonly Stream _stream;
    private readonly bool _ownsTarget;
    private bool _unflushed;

    private JsonLinesOutput(Stream target, Stream stream, bool ownsTarget, string? finalPath, string? tempPath, DateTimeOffset rotateAt)
    {
        _target = target;
        _stream = stream;
        _ownsTarget = ownsTarget;
        FinalPath = finalPath;
        TempPath = tempPath;
        RotateAt = rotateAt;
    }

    /// <summary>Null for a stream.</summary>
    public string? FinalPath { get; }
    public string? TempPath { get; }
    /// <summary>When time rotation finishes this file; <see cref="DateTimeOffset.MaxValue"/> for never.</summary>
    public DateTimeOffset RotateAt { get; }
    /// <summary>JSON bytes written, before compression.</summary>
    public long Bytes { get; private set; }

    /// <summary>Creates <c>.NAME.tmp</c> for <paramref name="finalPath"/>; never replaces an existing file.</summary>
    public static JsonLinesOutput CreateFile(string finalPath, DateTimeOffset rotateAt, JsonLinesCompression compression, CompressionLevel level)
    {
        string tempPath = JsonLinesFileNames.TempPathOf(finalPath);
        var file = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0, // the sink hands over 64 KiB chunks; compressors write whole blocks
        });
        try
        {
            var stream = JsonLinesCompressionStreams.Compress(file, compression, level);
            return new JsonLinesOutput(file, stream, ownsTarget: true, finalPath, tempPath, rotateAt);
        }
        catch
        {
            file.Dispose();
            File.Delete(tempPath);
            throw;
        }
    }

    public static JsonLinesOutput ForStream(Stream target, JsonLinesCompression compression, CompressionLevel level, bool leaveOpen) =>
        new(target, JsonLinesCompressionStreams.Compress(target, compression, level), !leaveOpen, null, null, DateTimeOffset.MaxValue);

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Bytes += data.Length;
        _unflushed = true;
    }

    /// <summary>
    /// Hands everything to the OS (no fsync: that is for <see cref="FinishAsync"/>). A compressor
    /// is sync-flushed only when something was written since, so an idle sink flushed every
    /// second does not grow its file by an empty deflate block each time.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (!_unflushed)
            return;
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(_stream, _target))
            await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
        _unflushed = false;
    }

    /// <summary>
    /// Ends the compressed stream, then for a file: fsync, close, rename to the final name. The
    /// fsync comes before the rename so that after a power cut the final name never holds less
    /// than the whole file.
    /// </summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_stream, _target))
            await _stream.DisposeAsync().ConfigureAwait(false);
        if (TempPath is null)
        {
            await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (_ownsTarget)
                await _target.DisposeAsync().ConfigureAwait(false);
            return;
        }
        var file = (FileStream)_target;
        file.Flush(flushToDisk: true);
        await file.DisposeAsync().ConfigureAwait(false);
        File.Move(TempPath, FinalPath!, overwrite: false);
    }

    /// <summary>After a failed write: closes what can be closed, ignoring further errors. A file keeps its temp name for recovery.</summary>
    public void Abandon()
    {
        if (TempPath is null)
            return; // a stream (standard output) stays in use: the next write tries again
        try
        {
            if (!ReferenceEquals(_stream, _target))
                _stream.Dispose();
        }
        catch (Exception)
        {
            // the compressor's trailer could not be written either; recovery reads what is there
        }
        try
        {
            _target.Dispose();
        }
        catch (Exception)
        {
            // as above
        }
    }
}
