namespace NetFlow.Storage.Writing.Parquet;

// The enums of the Parquet format (parquet.thrift), with their wire values; only the members this writer uses.

/// <summary>parquet.thrift <c>Type</c>: how a value is stored.</summary>
internal enum PhysicalType
{
    Int32 = 1,
    Int64 = 2,
    ByteArray = 6,
}

/// <summary>parquet.thrift <c>FieldRepetitionType</c>.</summary>
internal enum Repetition
{
    Required = 0,
    Optional = 1,
}

/// <summary>parquet.thrift <c>ConvertedType</c>: the legacy annotation older readers go by.</summary>
internal enum ConvertedType
{
    Utf8 = 0,
    UInt8 = 11,
    UInt16 = 12,
    UInt32 = 13,
    UInt64 = 14,
    Int64 = 18,
}

/// <summary>parquet.thrift <c>Encoding</c>.</summary>
internal enum PageEncoding
{
    Plain = 0,
    Rle = 3,
    DeltaBinaryPacked = 5,
    RleDictionary = 8,
}

/// <summary>parquet.thrift <c>CompressionCodec</c>.</summary>
internal enum CompressionCodec
{
    Uncompressed = 0,
    Snappy = 1,
    Gzip = 2,
    Brotli = 4,
    Zstd = 6,
    Lz4Raw = 7,
}

/// <summary>parquet.thrift <c>PageType</c>.</summary>
internal enum PageType
{
    DataPage = 0,
    DictionaryPage = 2,
}
