namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A column chunk's statistics (parquet.thrift <c>Statistics</c>): NULLs, and the least and greatest
/// value in the column's order, PLAIN-encoded (byte arrays without their length); no min and max
/// when every value is NULL or they would be too long to be worth keeping in the footer.
/// </summary>
internal sealed record ColumnStatistics(long NullCount, byte[]? Min, byte[]? Max);

/// <summary>What the footer says of one column chunk (parquet.thrift <c>ColumnMetaData</c>). Offsets are from the start of the row group.</summary>
internal sealed record ColumnChunkMetadata(
    ColumnDescriptor Column,
    IReadOnlyList<PageEncoding> Encodings,
    CompressionCodec Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    ColumnStatistics Statistics)
{
    /// <summary>Where the chunk starts: its dictionary page when it has one.</summary>
    public long StartOffset => DictionaryPageOffset ?? DataPageOffset;
}

/// <summary>What the footer says of one row group (parquet.thrift <c>RowGroup</c>), its chunks in schema order.</summary>
internal sealed record RowGroupMetadata(IReadOnlyList<ColumnChunkMetadata> Columns, long NumRows, long TotalByteSize, long TotalCompressedSize)
{
    /// <summary>Where in the file the row group starts; chunk offsets are relative to it.</summary>
    public long FileOffset { get; init; }
}
