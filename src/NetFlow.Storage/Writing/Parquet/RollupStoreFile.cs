namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A rollup file (hourly totals of one key) through the store's own writer, as flow files are: one
/// row group of the key's groups, the footer naming the key and the flow files it sums. Written
/// once an hour, but the first close of a process used to compile Parquet.Net's writer for it
/// (about half a second of a core) while the flow writer was compiled already.
/// </summary>
internal sealed class RollupStoreFile : StoreFile
{
    private readonly ParquetFileWriter _parquet;
    private readonly PageCompressor? _compressor;

    private RollupStoreFile(string finalPath, FileStream stream, IReadOnlyList<ColumnDescriptor> columns, PageCompressor? compressor,
        IReadOnlyDictionary<string, string> metadata)
        : base(finalPath, stream)
    {
        _parquet = new ParquetFileWriter(stream, columns) { KeyValueMetadata = metadata };
        _compressor = compressor;
    }

    public static RollupStoreFile Create(string finalPath, IReadOnlyList<ColumnDescriptor> columns, global::Parquet.CompressionMethod compression,
        IReadOnlyDictionary<string, string> metadata)
    {
        var compressor = PageCompressor.For(compression);
        try
        {
            return new RollupStoreFile(finalPath, CreateTempStream(finalPath, bufferSize: 1 << 16), columns, compressor, metadata);
        }
        catch
        {
            compressor?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One row group of <paramref name="rows"/> rows: <paramref name="encode"/> writes every column
    /// chunk, in schema order, into the encoder it is given. No rows, no row group.
    /// </summary>
    public async Task WriteAsync(int rows, Action<RowGroupEncoder> encode, CancellationToken cancellationToken)
    {
        if (rows == 0)
            return;
        var encoder = new RowGroupEncoder();
        encoder.Begin(rows, _compressor);
        encode(encoder);
        await _parquet.WriteRowGroupAsync(encoder.Finish(), encoder.Bytes, cancellationToken).ConfigureAwait(false);
        AddRows(rows);
    }

    protected override ValueTask WriteFooterAsync() => _parquet.FinishAsync(CancellationToken.None);

    protected override void ReleaseWriter() => _compressor?.Dispose();
}
