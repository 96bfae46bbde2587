using Parquet;
using Parquet.Schema;

namespace NetFlow.Storage.Writing;

/// <summary>
/// The file of one dataset (flows or options) for the current interval: opened at its first
/// row group, finished at rotation. Rows waiting in the row group buffer are written first.
/// </summary>
internal sealed class DatasetWriter(string root, string dataset, ParquetSchema schema, ParquetOptions options)
{
    private StoreFile? _file;
    private TimeRange _span = TimeRange.Empty;

    public async Task WriteRowGroupAsync(DateTime intervalStart, int rows, TimeRange span, Func<ParquetWriter, Task> write, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _span = TimeRange.Empty;
            _file = await StoreFile.CreateAsync(StoreLayout.NewFilePath(root, dataset, intervalStart), schema, options, cancellationToken).ConfigureAwait(false);
        }
        await write(_file.Writer).ConfigureAwait(false);
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
