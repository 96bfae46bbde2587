namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// The footer: parquet.thrift <c>FileMetaData</c> in the Thrift compact protocol. Field ids are the
/// spec's; every struct's fields go in increasing id order.
/// </summary>
internal static class FileMetadataWriter
{
    /// <summary>
    /// Version 1: the format's own advice for compatibility (readers take 1 and 2 alike). The root
    /// element is named "root" as Parquet.Net names it, so the schema readers see stays the same.
    /// </summary>
    private const int FormatVersion = 1;
    private const string RootName = "root";

    /// <param name="keyValues">The footer's key_value_metadata (what a rollup file says it sums); none when null or empty.</param>
    public static void Write(ThriftCompactWriter w, IReadOnlyList<ColumnDescriptor> columns, IReadOnlyList<RowGroupMetadata> rowGroups, string createdBy,
        IReadOnlyDictionary<string, string>? keyValues = null)
    {
        long rows = 0;
        foreach (var rowGroup in rowGroups)
            rows += rowGroup.NumRows;

        w.BeginStruct();
        w.I32Field(1, FormatVersion);
        w.BeginListField(2, ThriftType.Struct, columns.Count + 1);
        w.BeginStruct();
        w.StringField(4, RootName);
        w.I32Field(5, columns.Count);
        w.EndStruct();
        foreach (var column in columns)
            WriteSchemaElement(w, column);
        w.I64Field(3, rows);
        w.BeginListField(4, ThriftType.Struct, rowGroups.Count);
        for (int i = 0; i < rowGroups.Count; i++)
            WriteRowGroup(w, rowGroups[i], (short)i);
        if (keyValues is { Count: > 0 })
        {
            w.BeginListField(5, ThriftType.Struct, keyValues.Count);
            foreach (var (key, value) in keyValues)
            {
                w.BeginStruct();
                w.StringField(1, key);
                w.StringField(2, value);
                w.EndStruct();
            }
        }
        w.StringField(6, createdBy);
        // min_value and max_value are defined only with a column order: each column's own (TYPE_ORDER).
        w.BeginListField(7, ThriftType.Struct, columns.Count);
        for (int i = 0; i < columns.Count; i++)
        {
            w.BeginStruct();
            w.EmptyStructField(1);
            w.EndStruct();
        }
        w.EndStruct();
    }

    private static void WriteSchemaElement(ThriftCompactWriter w, ColumnDescriptor column)
    {
        w.BeginStruct();
        w.I32Field(1, (int)column.Type);
        w.I32Field(3, (int)column.Repetition);
        w.StringField(4, column.Name);
        if (column.Converted is { } converted)
            w.I32Field(6, (int)converted);
        if (column.Logical != LogicalType.None)
        {
            w.BeginStructField(10);
            WriteLogicalType(w, column.Logical);
            w.EndStruct();
        }
        w.EndStruct();
    }

    /// <summary>The one member of the <c>LogicalType</c> union that is set.</summary>
    private static void WriteLogicalType(ThriftCompactWriter w, LogicalType logical)
    {
        switch (logical)
        {
            case LogicalType.String:
                w.EmptyStructField(1);
                break;
            case LogicalType.TimestampMillis:
                w.BeginStructField(8);
                w.BoolField(1, false); // isAdjustedToUTC
                w.BeginStructField(2); // unit
                w.EmptyStructField(1); // MILLIS
                w.EndStruct();
                w.EndStruct();
                break;
            default:
                var (bits, signed) = logical switch
                {
                    LogicalType.UInt8 => (8, false),
                    LogicalType.UInt16 => (16, false),
                    LogicalType.UInt32 => (32, false),
                    LogicalType.UInt64 => (64, false),
                    LogicalType.Int64 => (64, true),
                    _ => throw new ArgumentOutOfRangeException(nameof(logical), logical, "no Parquet annotation for this logical type"),
                };
                w.BeginStructField(10); // INTEGER
                w.ByteField(1, (sbyte)bits);
                w.BoolField(2, signed);
                w.EndStruct();
                break;
        }
    }

    private static void WriteRowGroup(ThriftCompactWriter w, RowGroupMetadata rowGroup, short ordinal)
    {
        w.BeginStruct();
        w.BeginListField(1, ThriftType.Struct, rowGroup.Columns.Count);
        foreach (var chunk in rowGroup.Columns)
            WriteColumnChunk(w, chunk, rowGroup.FileOffset);
        w.I64Field(2, rowGroup.TotalByteSize);
        w.I64Field(3, rowGroup.NumRows);
        w.I64Field(5, rowGroup.FileOffset);
        w.I64Field(6, rowGroup.TotalCompressedSize);
        w.I16Field(7, ordinal);
        w.EndStruct();
    }

    private static void WriteColumnChunk(ThriftCompactWriter w, ColumnChunkMetadata chunk, long rowGroupOffset)
    {
        w.BeginStruct();
        // file_offset: where the chunk starts, as Parquet.Net and parquet-mr write it.
        w.I64Field(2, rowGroupOffset + chunk.StartOffset);
        w.BeginStructField(3);
        w.I32Field(1, (int)chunk.Column.Type);
        w.BeginListField(2, ThriftType.I32, chunk.Encodings.Count);
        foreach (var encoding in chunk.Encodings)
            w.I32((int)encoding);
        w.BeginListField(3, ThriftType.Binary, 1);
        w.String(chunk.Column.Name);
        w.I32Field(4, (int)chunk.Codec);
        w.I64Field(5, chunk.NumValues);
        w.I64Field(6, chunk.TotalUncompressedSize);
        w.I64Field(7, chunk.TotalCompressedSize);
        w.I64Field(9, rowGroupOffset + chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionary)
            w.I64Field(11, rowGroupOffset + dictionary);
        WriteStatistics(w, chunk.Column, chunk.Statistics);
        w.EndStruct();
        w.EndStruct();
    }

    private static void WriteStatistics(ThriftCompactWriter w, ColumnDescriptor column, ColumnStatistics statistics)
    {
        w.BeginStructField(12);
        bool hasRange = statistics is { Min: not null, Max: not null };
        // The deprecated min and max are compared signed by readers: set only where that is the column's order.
        if (hasRange && column.IsSignedOrder)
        {
            w.BinaryField(1, statistics.Max);
            w.BinaryField(2, statistics.Min);
        }
        w.I64Field(3, statistics.NullCount);
        if (hasRange)
        {
            w.BinaryField(5, statistics.Max);
            w.BinaryField(6, statistics.Min);
        }
        w.EndStruct();
    }
}
