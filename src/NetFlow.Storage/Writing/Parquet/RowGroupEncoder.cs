using System.Buffers.Binary;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Encodes one row group, column chunk by column chunk in schema order, into one buffer (the bytes
/// the file gets) and the footer's description of it. Integer and time columns are dictionary- or
/// delta-encoded (RowGroupEncoder.Integers.cs); the exporter is dictionary-encoded; the other byte
/// arrays are PLAIN. Optional columns get definition levels, required ones none. A chunk's data
/// pages hold the rows of at most <see cref="DefaultMaxPageBytes"/> of PLAIN values (one page per
/// chunk at the store's row group size); an all-NULL chunk is one page of one run of NULLs. The
/// buffers stay from one row group to the next.
/// </summary>
/// <param name="maxPageBytes">Values per data page, at most (tests make it small to get chunks of many pages).</param>
/// <param name="compressEncodedIntegers">
/// Whether dictionary- and delta-encoded integer chunks get the file's codec too. Off by default:
/// snappy shrinks them by only 1% of the file (20.3 to 20.1 B a record of StoreGen traffic) for
/// about 10 ns a record, so only the byte-array chunks are compressed. Parquet sets the codec per
/// column chunk, and DuckDB, Parquet.Net, Arrow and Spark read files that mix them.
/// </param>
internal sealed partial class RowGroupEncoder(int maxPageBytes = RowGroupEncoder.DefaultMaxPageBytes, bool compressEncodedIntegers = false)
{
    /// <summary>1 MiB of values per data page keeps readers' page buffers small.</summary>
    public const int DefaultMaxPageBytes = 1 << 20;

    /// <summary>Longer min or max values (long extra JSON) are left out of the statistics.</summary>
    private const int MaxStatisticsBytes = 1024;

    private static readonly PageEncoding[] PlainEncodings = [PageEncoding.Plain, PageEncoding.Rle];

    private readonly PageWriter _pages = new();
    private readonly ByteBuffer _levels = new(1024);
    private readonly BinaryMinMax _binaryRange = new();
    private readonly List<ColumnChunkMetadata> _chunks = [];
    private readonly int _maxPageBytes = maxPageBytes >= sizeof(long)
        ? maxPageBytes
        : throw new ArgumentOutOfRangeException(nameof(maxPageBytes), maxPageBytes, "a page must hold a value");
    private int _rows;

    static RowGroupEncoder()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the Parquet writer copies values as they are in memory, which needs a little-endian machine");
    }

    /// <summary>The row group's bytes so far; valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => _pages.Output.WrittenMemory;

    public void Begin(int rows, PageCompressor? compressor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _rows = rows;
        _chunks.Clear();
        _pages.BeginRowGroup(compressor);
    }

    /// <summary>The footer's description of the row group written since <see cref="Begin"/>.</summary>
    public RowGroupMetadata Finish()
    {
        long uncompressed = 0;
        long compressed = 0;
        foreach (var chunk in _chunks)
        {
            uncompressed += chunk.TotalUncompressedSize;
            compressed += chunk.TotalCompressedSize;
        }
        return new RowGroupMetadata([.. _chunks], _rows, uncompressed, compressed);
    }

    /// <summary>The definition levels of rows [start, start + rows): none for a required column.</summary>
    private ReadOnlySpan<byte> Levels(ColumnDescriptor column, ColumnPresence presence, int start, int rows)
    {
        if (column.IsRequired)
        {
            if (presence.Kind != PresenceKind.All)
                throw new InvalidOperationException($"the required column {column.Name} has rows without a value");
            return default;
        }
        _levels.Reset();
        switch (presence.Kind)
        {
            case PresenceKind.All:
                DefinitionLevels.WriteRun(_levels, rows, present: true);
                break;
            case PresenceKind.None:
                DefinitionLevels.WriteRun(_levels, rows, present: false);
                break;
            default:
                DefinitionLevels.WriteMixed(_levels, presence.Words.Slice(start, rows), presence.Bit);
                break;
        }
        return _levels.Written;
    }

    /// <summary>
    /// Starts a column chunk of <paramref name="rows"/> values of <paramref name="type"/>; an all-NULL
    /// one is written whole here and false returned (nothing more to write).
    /// </summary>
    private bool BeginChunk(ColumnDescriptor column, int rows, PhysicalType type, ColumnPresence presence)
    {
        Check(column, rows, type);
        _pages.BeginChunk();
        if (presence.Kind != PresenceKind.None)
            return true;
        WriteAllNull(column);
        return false;
    }

    /// <summary>A chunk without values: one page holding one run of NULLs, and statistics of NULLs only.</summary>
    private void WriteAllNull(ColumnDescriptor column)
    {
        _pages.BeginDataPage(_rows, Levels(column, ColumnPresence.None, 0, _rows), 0);
        _pages.EndPage();
        EndChunk(column, PlainEncodings, _rows, null, null);
    }

    private void EndChunk(ColumnDescriptor column, IReadOnlyList<PageEncoding> encodings, long nulls, byte[]? min, byte[]? max)
    {
        var (data, dictionary, uncompressed, compressed) = _pages.EndChunk();
        _chunks.Add(new ColumnChunkMetadata(column, encodings, _pages.ChunkCodec, _rows, uncompressed, compressed, data, dictionary,
            new ColumnStatistics(nulls, min, max)));
    }

    private void Check(ColumnDescriptor column, int values, PhysicalType type)
    {
        if (column.Type != type)
            throw new ArgumentException($"column {column.Name} is {column.Type}, not {type}", nameof(column));
        if (values < _rows)
            throw new ArgumentException($"column {column.Name} has {values} values for {_rows} rows", nameof(values));
    }

    /// <summary>The first <paramref name="length"/> items of a scratch array kept from chunk to chunk, made a row group's worth (at least) when too short.</summary>
    private Span<TItem> Scratch<TItem>(ref TItem[] array, int length)
    {
        if (array.Length < length)
            array = GC.AllocateUninitializedArray<TItem>(Math.Max(length, _rows));
        return array.AsSpan(0, length);
    }

    private static byte[] FixedBytes(long value, int width)
    {
        var bytes = new byte[width];
        if (width == sizeof(int))
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
        else
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
