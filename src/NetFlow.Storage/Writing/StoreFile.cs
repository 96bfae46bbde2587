using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// One Parquet file being written: under its temp name until <see cref="FinishAsync"/> writes the
/// footer, syncs it to disk and renames it into place. Row groups go to disk as they are written,
/// so memory holds at most one row group, whatever the rotation interval. What writes the Parquet is
/// the subclass's: Parquet.Net (<see cref="ParquetNetStoreFile"/>: options files) or the store's own
/// writer (<see cref="Parquet.FlowStoreFile"/> for flows, <see cref="Parquet.RollupStoreFile"/> for rollups).
/// </summary>
internal abstract class StoreFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private bool _closed;
    private bool _released;

    protected StoreFile(string finalPath, FileStream stream)
    {
        FinalPath = finalPath;
        _stream = stream;
    }

    public string FinalPath { get; }
    public string TempPath => StoreLayout.TempPathOf(FinalPath);
    public long Rows { get; private set; }

    /// <summary>A file written through Parquet.Net (<see cref="ParquetNetStoreFile.Writer"/>).</summary>
    public static async Task<ParquetNetStoreFile> CreateAsync(string finalPath, ParquetSchema schema, ParquetOptions options, CancellationToken cancellationToken)
    {
        var stream = CreateTempStream(finalPath, bufferSize: 1 << 20);
        try
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, options, append: false, cancellationToken).ConfigureAwait(false);
            return new ParquetNetStoreFile(finalPath, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(StoreLayout.TempPathOf(finalPath));
            throw;
        }
    }

    /// <summary>The temp file of <paramref name="finalPath"/>, new (a leftover of the same name is an error, not overwritten).</summary>
    protected static FileStream CreateTempStream(string finalPath, int bufferSize)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        return new FileStream(StoreLayout.TempPathOf(finalPath), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize);
    }

    public void AddRows(int rows) => Rows += rows;

    /// <summary>Writes what ends the file (the Parquet footer) to the stream it was made with.</summary>
    protected abstract ValueTask WriteFooterAsync();

    /// <summary>Lets go of what the writer holds besides the stream (a compressor), finished or given up.</summary>
    protected virtual void ReleaseWriter()
    {
    }

    /// <summary>
    /// Footer, fsync, rename: after this the file is complete under its final name, which also
    /// says what span of time its flows cover (see <see cref="StoreLayout.WithSpan"/>). Returns that name and the size.
    /// </summary>
    public async Task<(string Path, long Bytes)> FinishAsync(TimeRange span)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await WriteFooterAsync().ConfigureAwait(false);
        Release();
        await _stream.FlushAsync().ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        long size = _stream.Length;
        _closed = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
        string path = StoreLayout.WithSpan(FinalPath, span);
        File.Move(TempPath, path);
        return (path, size);
    }

    /// <summary>Gives the file up: what was written of it is deleted (the caller counts the rows lost).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed)
            return;
        _closed = true;
        Release();
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(TempPath);
    }

    private void Release()
    {
        if (_released)
            return;
        _released = true;
        ReleaseWriter();
    }
}

/// <summary>A store file written through Parquet.Net: row groups through <see cref="Writer"/>, its footer when it is disposed.</summary>
internal sealed class ParquetNetStoreFile(string finalPath, FileStream stream, ParquetWriter writer) : StoreFile(finalPath, stream)
{
    public ParquetWriter Writer { get; } = writer;

    protected override async ValueTask WriteFooterAsync() => await Writer.DisposeAsync().ConfigureAwait(false);
}
