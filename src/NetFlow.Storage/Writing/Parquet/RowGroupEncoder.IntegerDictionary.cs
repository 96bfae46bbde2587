using System.Numerics;
using System.Runtime.InteropServices;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// RLE_DICTIONARY for INT32 / INT64 chunks: a dictionary page of the distinct values PLAIN, then data
/// pages of a bit-width byte and the values' indices in the RLE / bit-packed hybrid. Flow columns are
/// mostly a few values (protocols, flags, masks, interfaces) or long runs of one (export time,
/// template, sampling): their indices take a few bits per row or nearly none, where PLAIN took 4 or 8
/// bytes and snappy then had to find the repeats again. Bit-packed indices hardly shrink under
/// snappy, and runs are already as short as they get (see the encoder's compressEncodedIntegers).
/// </summary>
internal sealed partial class RowGroupEncoder
{
    /// <summary>
    /// A chunk whose first this-many values are nearly all distinct (more than 7 in 8) goes without a
    /// dictionary at once: addresses and counters are, and giving up early keeps finding out cheap.
    /// </summary>
    private const int DictionarySampleValues = 4096;

    private int[] _indices = [];
    /// <summary>Bytes' and unsigned shorts' indices cut to a byte: all of them when there are at most 256 entries.</summary>
    private byte[] _indexBytes = [];
    private IntegerDictionary<byte>? _byteDictionary;
    private IntegerDictionary<ushort>? _ushortDictionary;
    private IntegerDictionary<uint>? _uintDictionary;
    private IntegerDictionary<ulong>? _ulongDictionary;
    private IntegerDictionary<long>? _longDictionary;

    /// <summary>
    /// Writes the chunk dictionary-encoded if its values have few enough distinct ones: at most
    /// <see cref="IntegerDictionary{T}.MaxEntries"/> and one per two values, and the dictionary page
    /// and the indices under 3/4 of the PLAIN values (past that, deltas do as well for less work).
    /// False (nothing written) if not. <paramref name="min"/> and <paramref name="max"/> are the values'.
    /// </summary>
    /// <remarks>
    /// How the values find their indices: a chunk of one value (a version, a domain, a template, a
    /// mask) is one entry and a run of index 0 per page, nothing looked up; bytes and unsigned shorts
    /// look theirs up in their table and keep them a byte each, packed 8 at a time from a 64-bit word
    /// (more than 256 unsigned shorts read theirs from the table again as they are packed); wider
    /// values are sampled first, then looked up by their offset in the chunk's range when it is
    /// narrow, else hashed, into an index per row.
    /// </remarks>
    private bool TryWriteDictionary<T>(ColumnDescriptor column, ColumnPresence presence, ReadOnlySpan<T> values, int width, T min, T max)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool single = min == max;
        var dictionary = DictionaryOf<T>();
        dictionary.Clear();
        int limit = Math.Max(1, values.Length / 2);
        var indices = Span<int>.Empty;
        var indexBytes = Span<byte>.Empty;
        if (!single && IntegerDictionary<T>.IsDirect)
        {
            indexBytes = Scratch(ref _indexBytes, values.Length);
            if (!dictionary.TryCollect(values, limit, indexBytes))
                return false;
        }
        else if (!single)
        {
            indices = Scratch(ref _indices, values.Length);
            int sample = Math.Min(values.Length, DictionarySampleValues);
            int sampleLimit = Math.Min(limit, Math.Max(1, sample - sample / 8));
            bool mapped = ulong.CreateTruncating(max - min) < IntegerDictionary<T>.RangeSlots
                ? dictionary.TryMapRange(values[..sample], min, indices, sampleLimit) && dictionary.TryMapRange(values[sample..], min, indices[sample..], limit)
                : dictionary.TryMap(values[..sample], indices, sampleLimit) && dictionary.TryMap(values[sample..], indices[sample..], limit);
            if (!mapped)
                return false;
        }

        var entries = single ? new ReadOnlySpan<T>(in min) : dictionary.Entries;
        // Bit width 1 at least: a width of 0 is valid but not every reader takes it.
        int bitWidth = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(entries.Length - 1)));
        if ((long)entries.Length * width + (long)values.Length * bitWidth / 8 > (long)values.Length * width * 3 / 4)
            return false;
        if (!compressEncodedIntegers)
            _pages.LeaveChunkUncompressed();
        var page = _pages.BeginDictionaryPage(entries.Length);
        var plain = page.GetSpan(entries.Length * width);
        if (width == sizeof(int))
            PlainEncoder.WriteInt32(entries, plain);
        else
            PlainEncoder.WriteInt64(entries, plain);
        page.Advance(entries.Length * width);
        _pages.EndPage();

        foreach (var cut in _pageCuts)
        {
            var body = _pages.BeginVariableDataPage(cut.Rows, Levels(column, presence, cut.Start, cut.Rows), PageEncoding.RleDictionary);
            body.WriteByte((byte)bitWidth);
            var pageValues = values.Slice(cut.First, cut.Count);
            if (single)
                HybridEncoder.WriteRun(body, cut.Count, 0, bitWidth);
            else if (IntegerDictionary<T>.IsDirect && bitWidth <= 8)
                HybridEncoder.Write(body, indexBytes.Slice(cut.First, cut.Count), bitWidth);
            else if (IntegerDictionary<T>.IsDirect)
                HybridEncoder.WriteMapped(body, MemoryMarshal.Cast<T, ushort>(pageValues), dictionary.Slots, bitWidth);
            else
                HybridEncoder.Write(body, indices.Slice(cut.First, cut.Count), bitWidth);
            _pages.EndPage();
        }
        return true;
    }

    private IntegerDictionary<T> DictionaryOf<T>() where T : unmanaged, IBinaryInteger<T>
    {
        object dictionary = typeof(T) == typeof(byte) ? _byteDictionary ??= new()
            : typeof(T) == typeof(ushort) ? _ushortDictionary ??= new()
            : typeof(T) == typeof(uint) ? _uintDictionary ??= new()
            : typeof(T) == typeof(ulong) ? _ulongDictionary ??= new()
            : typeof(T) == typeof(long) ? _longDictionary ??= new()
            : throw new NotSupportedException($"no dictionary of {typeof(T)} values");
        return (IntegerDictionary<T>)dictionary;
    }
}
