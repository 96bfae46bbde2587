using Parquet;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A flows file of the store, written by the store's own Parquet writer: each row group encoded by
/// <see cref="FlowRowGroupWriter"/> and appended in one write (the stream is unbuffered: there is
/// nothing small to gather), the footer at <see cref="StoreFile.FinishAsync"/>.
/// </summary>
internal sealed class FlowStoreFile : StoreFile
{
    private readonly ParquetFileWriter _parquet;
    private readonly RowGroupEncoder _encoder;
    private readonly PageCompressor? _compressor;

    private FlowStoreFile(string finalPath, FileStream stream, RowGroupEncoder encoder, PageCompressor? compressor)
        : base(finalPath, stream)
    {
        _parquet = new ParquetFileWriter(stream, FlowParquetSchema.Columns);
        _encoder = encoder;
        _compressor = compressor;
    }

    /// <summary>
    /// What creates a sink's flows files: they share one encoder, so its buffers, grown to a row
    /// group's size, are reused for every file. Throws here, at start, for a codec the writer lacks.
    /// </summary>
    public static Func<string, CancellationToken, Task<FlowStoreFile>> Creator(CompressionMethod compression)
    {
        PageCompressor.For(compression)?.Dispose();
        var encoder = new RowGroupEncoder();
        return (finalPath, _) => Task.FromResult(Create(finalPath, encoder, compression));
    }

    public static FlowStoreFile Create(string finalPath, RowGroupEncoder encoder, CompressionMethod compression)
    {
        var compressor = PageCompressor.For(compression);
        try
        {
            return new FlowStoreFile(finalPath, CreateTempStream(finalPath, bufferSize: 0), encoder, compressor);
        }
        catch
        {
            compressor?.Dispose();
            throw;
        }
    }

    /// <summary>Encodes the rows and appends them as a row group.</summary>
    public async Task WriteAsync(FlowRowGroup rows, CancellationToken cancellationToken)
    {
        var rowGroup = FlowRowGroupWriter.Encode(rows, _encoder, _compressor);
        await _parquet.WriteRowGroupAsync(rowGroup, _encoder.Bytes, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask WriteFooterAsync() => _parquet.FinishAsync(CancellationToken.None);

    protected override void ReleaseWriter() => _compressor?.Dispose();
}
