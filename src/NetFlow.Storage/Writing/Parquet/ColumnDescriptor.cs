namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The annotation a column carries (parquet.thrift <c>LogicalType</c>, and the <c>ConvertedType</c>
/// that goes with it); it also decides how min and max compare (the column order).
/// </summary>
internal enum LogicalType
{
    /// <summary>Raw bytes (BYTE_ARRAY without annotation): unsigned byte-wise order.</summary>
    None,
    /// <summary>UTF-8 text: STRING / UTF8, unsigned byte-wise order.</summary>
    String,
    /// <summary>TIMESTAMP(MILLIS, isAdjustedToUTC = false) on INT64, no converted type (UTF-adjusted timestamps only have one); signed order.</summary>
    TimestampMillis,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    /// <summary>INT(64, signed) / INT_64: signed order.</summary>
    Int64,
}

/// <summary>One leaf column of a flat schema: what its schema element says and how its values compare.</summary>
internal sealed record ColumnDescriptor(string Name, PhysicalType Type, Repetition Repetition, LogicalType Logical)
{
    public bool IsRequired => Repetition == Repetition.Required;

    /// <summary>
    /// True when the column's order is signed: the deprecated <c>min</c>/<c>max</c> statistics, which
    /// readers compare signed, may then carry the same values as <c>min_value</c>/<c>max_value</c>.
    /// </summary>
    public bool IsSignedOrder => Logical is LogicalType.TimestampMillis or LogicalType.Int64;

    public ConvertedType? Converted => Logical switch
    {
        LogicalType.String => ConvertedType.Utf8,
        LogicalType.UInt8 => ConvertedType.UInt8,
        LogicalType.UInt16 => ConvertedType.UInt16,
        LogicalType.UInt32 => ConvertedType.UInt32,
        LogicalType.UInt64 => ConvertedType.UInt64,
        LogicalType.Int64 => ConvertedType.Int64,
        _ => null,
    };
}
