using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// One Parquet file being written: under its temp name until <see cref="FinishAsync"/> writes the
/// footer, syncs it to disk and renames it into place. Row groups go to disk as they are written,
/// so memory holds at most one row group, whatever the rotation interval.
/// </summary>
internal sealed class StoreFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private ParquetWriter? _writer;

    private StoreFile(string finalPath, FileStream stream, ParquetWriter writer)
    {
        FinalPath = finalPath;
        _stream = stream;
        _writer = writer;
    }

    public string FinalPath { get; }
    public string TempPath => StoreLayout.TempPathOf(FinalPath);
    public long Rows { get; private set; }
    public ParquetWriter Writer => _writer ?? throw new ObjectDisposedException(nameof(StoreFile));

    public static async Task<StoreFile> CreateAsync(string finalPath, ParquetSchema schema, ParquetOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var stream = new FileStream(StoreLayout.TempPathOf(finalPath), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        try
        {
            var writer = await ParquetWriter.CreateAsync(schema, stream, options, append: false, cancellationToken).ConfigureAwait(false);
            return new StoreFile(finalPath, stream, writer);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Delete(StoreLayout.TempPathOf(finalPath));
            throw;
        }
    }

    public void AddRows(int rows) => Rows += rows;

    /// <summary>
    /// Footer, fsync, rename: after this the file is complete under its final name, which also
    /// says what span of time its flows cover (see <see cref="StoreLayout.WithSpan"/>). Returns that name and the size.
    /// </summary>
    public async Task<(string Path, long Bytes)> FinishAsync(TimeRange span)
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _stream.FlushAsync().ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
        long size = _stream.Length;
        await _stream.DisposeAsync().ConfigureAwait(false);
        string path = StoreLayout.WithSpan(FinalPath, span);
        File.Move(TempPath, path);
        return (path, size);
    }

    /// <summary>Gives the file up: what was written of it is deleted (the caller counts the rows lost).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is null)
            return;
        _writer = null;
        await _stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(TempPath);
    }
}
