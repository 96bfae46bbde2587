using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// The file of one dataset (flows or options) for the current interval: opened at its first
/// row group, finished at rotation. Rows waiting in the row group buffer are written first.
/// </summary>
/// <param name="create">Creates the file for a final path (under its temp name).</param>
internal class DatasetWriter<TFile>(string root, string dataset, Func<string, CancellationToken, Task<TFile>> create)
    where TFile : StoreFile
{
    private TFile? _file;
    private TimeRange _span = TimeRange.Empty;

    public async Task WriteRowGroupAsync(DateTime intervalStart, int rows, TimeRange span, Func<TFile, Task> write, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _span = TimeRange.Empty;
            _file = await create(StoreLayout.NewFilePath(root, dataset, intervalStart), cancellationToken).ConfigureAwait(false);
        }
        await write(_file).ConfigureAwait(false);
        _file.AddRows(rows);
        _span = _span.Including(span);
    }

    /// <summary>Finishes the open file; returns (path, rows, bytes) or null when none was open.</summary>
    public async Task<(string Path, long Rows, long Bytes)?> FinishAsync()
    {
        if (_file is null)
            return null;
        var file = _file;
        _file = null;
        try
        {
            var (path, bytes) = await file.FinishAsync(_span).ConfigureAwait(false);
            return (path, file.Rows, bytes);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gives up the open file after a write error; returns the rows it held.</summary>
    public async Task<long> AbandonAsync()
    {
        if (_file is null)
            return 0;
        var file = _file;
        _file = null;
        await file.DisposeAsync().ConfigureAwait(false);
        return file.Rows;
    }
}

/// <summary>A dataset written through Parquet.Net (the options files): row groups are written to its <see cref="ParquetWriter"/>.</summary>
internal sealed class DatasetWriter(string root, string dataset, ParquetSchema schema, ParquetOptions options)
    : DatasetWriter<ParquetNetStoreFile>(root, dataset, (path, cancellationToken) => StoreFile.CreateAsync(path, schema, options, cancellationToken))
{
    public Task WriteRowGroupAsync(DateTime intervalStart, int rows, TimeRange span, Func<ParquetWriter, Task> write, CancellationToken cancellationToken) =>
        WriteRowGroupAsync(intervalStart, rows, span, (ParquetNetStoreFile file) => write(file.Writer), cancellationToken);
}
