using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// Encodes one row group, column chunk by column chunk in schema order, into one buffer (the bytes
/// the file gets) and the footer's description of it. Values are PLAIN but for the dictionary-encoded
/// strings; optional columns get definition levels, required ones none. A chunk's data pages hold at
/// most <see cref="DefaultMaxPageBytes"/> of values (one page per chunk at the store's row group size);
/// an all-NULL chunk is one page of one run of NULLs. The buffers stay from one row group to the next.
/// </summary>
/// <param name="maxPageBytes">Values per data page, at most (tests make it small to get chunks of many pages).</param>
internal sealed partial class RowGroupEncoder(int maxPageBytes = RowGroupEncoder.DefaultMaxPageBytes)
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

    /// <summary>An INT32 column of bytes, unsigned shorts or unsigned ints (one value per row in <paramref name="values"/>).</summary>
    public void WriteInt32<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        WriteFixed(column, values, presence, sizeof(int), static (v, d) => PlainEncoder.WriteInt32(v, d));

    /// <summary>An INT64 column of longs or unsigned longs.</summary>
    public void WriteInt64<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        WriteFixed(column, values, presence, sizeof(long), static (v, d) => PlainEncoder.WriteInt64(v, d));

    /// <summary>A TIMESTAMP(MILLIS) column: the times as milliseconds since 1970; min and max of those.</summary>
    public void WriteTimestamps(ColumnDescriptor column, ReadOnlySpan<DateTime> values, ColumnPresence presence)
    {
        if (!BeginChunk(column, values.Length, PhysicalType.Int64, presence))
            return;
        long nulls = 0;
        long min = long.MaxValue;
        long max = long.MinValue;
        int pageRows = _maxPageBytes / sizeof(long);
        var packed = presence.Kind == PresenceKind.Mixed ? ArrayPool<DateTime>.Shared.Rent(Math.Min(pageRows, _rows)) : null;
        try
        {
            for (int start = 0; start < _rows; start += pageRows)
            {
                int rows = Math.Min(pageRows, _rows - start);
                var page = Page(values, presence, start, rows, packed, ref nulls);
                var destination = _pages.BeginDataPage(rows, Levels(column, presence, start, rows), page.Length * sizeof(long));
                PlainEncoder.WriteMilliseconds(page, destination);
                if (!page.IsEmpty)
                {
                    var (lo, hi) = MinMax.Of(MemoryMarshal.Cast<byte, long>(destination)[..page.Length]);
                    min = Math.Min(min, lo);
                    max = Math.Max(max, hi);
                }
                _pages.EndPage();
            }
        }
        finally
        {
            if (packed is not null)
                ArrayPool<DateTime>.Shared.Return(packed);
        }
        bool any = nulls < _rows;
        EndChunk(column, PlainEncodings, nulls, any ? Int64Bytes(min) : null, any ? Int64Bytes(max) : null);
    }

    private void WriteFixed<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence, int width, PlainWriter<T> write)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!BeginChunk(column, values.Length, width == sizeof(int) ? PhysicalType.Int32 : PhysicalType.Int64, presence))
            return;
        long nulls = 0;
        var min = T.MaxValue;
        var max = T.MinValue;
        int pageRows = _maxPageBytes / width;
        var packed = presence.Kind == PresenceKind.Mixed ? ArrayPool<T>.Shared.Rent(Math.Min(pageRows, _rows)) : null;
        try
        {
            for (int start = 0; start < _rows; start += pageRows)
            {
                int rows = Math.Min(pageRows, _rows - start);
                var page = Page(values, presence, start, rows, packed, ref nulls);
                var destination = _pages.BeginDataPage(rows, Levels(column, presence, start, rows), page.Length * width);
                write(page, destination);
                _pages.EndPage();
                if (!page.IsEmpty)
                {
                    var (lo, hi) = MinMax.Of(page);
                    min = T.Min(min, lo);
                    max = T.Max(max, hi);
                }
            }
        }
        finally
        {
            if (packed is not null)
                ArrayPool<T>.Shared.Return(packed);
        }
        bool any = nulls < _rows;
        // PLAIN bytes of the stored value: a uint 0xFFFFFFFF is INT32 FF FF FF FF, which UINT_32 reads back as it was.
        EndChunk(column, PlainEncodings, nulls,
            any ? FixedBytes(long.CreateTruncating(min), width) : null,
            any ? FixedBytes(long.CreateTruncating(max), width) : null);
    }

    private delegate void PlainWriter<T>(ReadOnlySpan<T> values, Span<byte> destination);

    /// <summary>The values of one page: as they are when every row has one, else the present ones packed.</summary>
    private static ReadOnlySpan<T> Page<T>(ReadOnlySpan<T> values, ColumnPresence presence, int start, int rows, T[]? packed, ref long nulls)
    {
        var page = values.Slice(start, rows);
        if (presence.Kind != PresenceKind.Mixed)
            return page;
        int count = PlainEncoder.Pack(page, presence.Words.Slice(start, rows), presence.Bit, packed);
        nulls += rows - count;
        return packed.AsSpan(0, count);
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
        _chunks.Add(new ColumnChunkMetadata(column, encodings, _pages.Codec, _rows, uncompressed, compressed, data, dictionary,
            new ColumnStatistics(nulls, min, max)));
    }

    private void Check(ColumnDescriptor column, int values, PhysicalType type)
    {
        if (column.Type != type)
            throw new ArgumentException($"column {column.Name} is {column.Type}, not {type}", nameof(column));
        if (values < _rows)
            throw new ArgumentException($"column {column.Name} has {values} values for {_rows} rows", nameof(values));
    }

    private static byte[] Int64Bytes(long value) => FixedBytes(value, sizeof(long));

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
