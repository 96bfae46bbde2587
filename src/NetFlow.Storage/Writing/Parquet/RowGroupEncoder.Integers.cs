using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// INT32 and INT64 columns (numbers and times). A chunk's present values are packed first, then
/// encoded RLE_DICTIONARY when they have few distinct values (see <see cref="TryWriteDictionary{T}"/>),
/// else DELTA_BINARY_PACKED (compressed or not: see the encoder's compressEncodedIntegers). Pages cut the rows as they did when values were
/// PLAIN: each holds the rows whose PLAIN values would fill <see cref="_maxPageBytes"/>.
/// </summary>
internal sealed partial class RowGroupEncoder
{
    private static readonly PageEncoding[] IntegerDictionaryEncodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary];
    // RLE: the definition levels.
    private static readonly PageEncoding[] DeltaEncodings = [PageEncoding.Rle, PageEncoding.DeltaBinaryPacked];

    /// <summary>The pages of the chunk being written: their rows, and where their present values lie among the chunk's.</summary>
    private readonly List<PageCut> _pageCuts = [];
    private int[] _wide = [];

    /// <summary>
    /// An INT32 column of bytes, unsigned shorts or unsigned ints (one value per row in <paramref name="values"/>).
    /// <paramref name="bounds"/>, when the caller kept them as it stored the values, are the least and greatest
    /// of the present values: the chunk's statistics and its dictionary's range, without reading every value for them.
    /// </summary>
    public void WriteInt32<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence, (T Min, T Max)? bounds = null)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        WriteIntegers(column, values, presence, sizeof(int), bounds);

    /// <summary>An INT64 column of longs or unsigned longs; <paramref name="bounds"/> as for <see cref="WriteInt32{T}"/>.</summary>
    public void WriteInt64<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence, (T Min, T Max)? bounds = null)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> =>
        WriteIntegers(column, values, presence, sizeof(long), bounds);

    private void WriteIntegers<T>(ColumnDescriptor column, ReadOnlySpan<T> values, ColumnPresence presence, int width, (T Min, T Max)? bounds)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (!BeginChunk(column, values.Length, width == sizeof(int) ? PhysicalType.Int32 : PhysicalType.Int64, presence))
            return;
        var packed = presence.Kind == PresenceKind.Mixed ? ArrayPool<T>.Shared.Rent(_rows) : null;
        try
        {
            EncodeIntegers(column, presence, PackPresent(values, presence, width, packed), width, bounds);
        }
        finally
        {
            if (packed is not null)
                ArrayPool<T>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// The chunk's present values in row order (<paramref name="values"/> themselves when every row has
    /// one, else packed into <paramref name="packed"/>), and the pages they fall in (<see cref="_pageCuts"/>).
    /// </summary>
    private ReadOnlySpan<T> PackPresent<T>(ReadOnlySpan<T> values, ColumnPresence presence, int width, T[]? packed)
    {
        _pageCuts.Clear();
        int pageRows = _maxPageBytes / width;
        int count = 0;
        for (int start = 0; start < _rows; start += pageRows)
        {
            int rows = Math.Min(pageRows, _rows - start);
            int present = presence.Kind == PresenceKind.Mixed
                ? PlainEncoder.Pack(values.Slice(start, rows), presence.Words.Slice(start, rows), presence.Bit, packed.AsSpan(count))
                : rows;
            _pageCuts.Add(new PageCut(start, rows, count, present));
            count += present;
        }
        return packed is null ? values[.._rows] : packed.AsSpan(0, count);
    }

    private void EncodeIntegers<T>(ColumnDescriptor column, ColumnPresence presence, ReadOnlySpan<T> values, int width, (T Min, T Max)? bounds)
        where T : unmanaged, IBinaryInteger<T>
    {
        long nulls = _rows - values.Length;
        if (values.IsEmpty)
        {
            WriteDeltaPages(column, presence, values, width);
            EndChunk(column, DeltaEncodings, nulls, null, null);
            return;
        }
        // Taken once, up front: the statistics, and how the dictionary maps (a single value needs no
        // mapping; wider values' range decides between a table and a hash). A vector at a time, it
        // costs a fraction of a nanosecond a value.
        var (min, max) = bounds ?? MinMax.Of(values);
        var encodings = TryWriteDictionary(column, presence, values, width, min, max) ? IntegerDictionaryEncodings : DeltaEncodings;
        if (encodings == DeltaEncodings)
            WriteDeltaPages(column, presence, values, width);
        EndChunk(column, encodings, nulls, Statistic(min, width), Statistic(max, width));
    }

    /// <summary>
    /// Values with many distinct ones (times, byte counts, addresses) as deltas: those of times and
    /// counters take a fraction of the PLAIN bits, and bit-packed deltas leave a compressor little to
    /// find. Even deltas of random 32-bit values cost about what PLAIN does, and far less time than
    /// compressing it.
    /// </summary>
    private void WriteDeltaPages<T>(ColumnDescriptor column, ColumnPresence presence, ReadOnlySpan<T> values, int width)
        where T : unmanaged
    {
        if (!compressEncodedIntegers)
            _pages.LeaveChunkUncompressed();
        var longs = width == sizeof(long) ? MemoryMarshal.Cast<T, long>(values) : default;
        var ints = width == sizeof(int) ? Int32Values(values) : default;
        foreach (var cut in _pageCuts)
        {
            var body = _pages.BeginVariableDataPage(cut.Rows, Levels(column, presence, cut.Start, cut.Rows), PageEncoding.DeltaBinaryPacked);
            if (width == sizeof(long))
                DeltaBinaryPackedEncoder.Write(body, longs.Slice(cut.First, cut.Count));
            else
                DeltaBinaryPackedEncoder.Write(body, ints.Slice(cut.First, cut.Count));
            _pages.EndPage();
        }
    }

    /// <summary>The values as the INT32 they are stored as: unsigned ints as they are, bytes and unsigned shorts widened.</summary>
    private ReadOnlySpan<int> Int32Values<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (typeof(T) == typeof(uint) || typeof(T) == typeof(int))
            return MemoryMarshal.Cast<T, int>(values);
        var wide = Scratch(ref _wide, values.Length);
        PlainEncoder.WriteInt32(values, MemoryMarshal.AsBytes(wide));
        return wide;
    }

    /// <summary>A min or max as its PLAIN bytes: a uint 0xFFFFFFFF is INT32 FF FF FF FF, which UINT_32 reads back as it was.</summary>
    private static byte[] Statistic<T>(T value, int width) where T : IBinaryInteger<T> => FixedBytes(long.CreateTruncating(value), width);
}

/// <summary>A data page of an integer chunk: rows <see cref="Start"/> to <see cref="Start"/> + <see cref="Rows"/> - 1, whose present values are the chunk's <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1.</summary>
internal readonly record struct PageCut(int Start, int Rows, int First, int Count);
