using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A required string column of few distinct values (the exporter) dictionary-encoded: a dictionary
/// page of the distinct strings (PLAIN), then one data page of their indices (RLE_DICTIONARY: a byte
/// of bit width, then the RLE / bit-packed hybrid, here RLE runs only). Consecutive rows mostly hold
/// the same string object, so a row costs a reference comparison; the lookup runs only on a change.
/// </summary>
internal sealed partial class RowGroupEncoder
{
    private static readonly PageEncoding[] DictionaryEncodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary];

    private readonly Dictionary<string, int> _dictionary = new(StringComparer.Ordinal);
    private readonly List<string> _entries = [];
    private readonly List<(int Index, int Count)> _runs = [];

    public void WriteDictionaryStrings(ColumnDescriptor column, ReadOnlySpan<string> values)
    {
        Check(column, values.Length, PhysicalType.ByteArray);
        if (!column.IsRequired)
            throw new ArgumentException($"column {column.Name}: only required columns are dictionary-encoded here", nameof(column));
        _pages.BeginChunk();
        _dictionary.Clear();
        _entries.Clear();
        _runs.Clear();

        string? last = null;
        int index = -1;
        int run = 0;
        for (int row = 0; row < _rows; row++)
        {
            var value = values[row];
            if (!ReferenceEquals(value, last))
            {
                int next = IndexOf(value ?? throw MissingValue(column, row));
                if (next != index && run > 0)
                {
                    _runs.Add((index, run));
                    run = 0;
                }
                index = next;
                last = value;
            }
            run++;
        }
        _runs.Add((index, run));

        _binaryRange.Reset();
        var dictionary = _pages.BeginDictionaryPage(_entries.Count);
        foreach (string entry in _entries)
        {
            var room = dictionary.GetSpan(sizeof(int) + Encoding.UTF8.GetMaxByteCount(entry.Length));
            int length = Encoding.UTF8.GetBytes(entry, room[sizeof(int)..]);
            BinaryPrimitives.WriteInt32LittleEndian(room, length);
            dictionary.Advance(sizeof(int) + length);
            _binaryRange.Offer(room.Slice(sizeof(int), length));
        }
        _pages.EndPage();

        // Bit width 1 at least: a width of 0 is valid but not every reader takes it.
        int bitWidth = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(_entries.Count - 1)));
        int indexBytes = (bitWidth + 7) / 8;
        var indices = _pages.BeginVariableDataPage(_rows, default, PageEncoding.RleDictionary);
        indices.WriteByte((byte)bitWidth);
        Span<byte> value4 = stackalloc byte[sizeof(int)];
        foreach (var (entry, count) in _runs)
        {
            indices.WriteVarint((ulong)(uint)count << 1);
            BinaryPrimitives.WriteInt32LittleEndian(value4, entry);
            indices.Write(value4[..indexBytes]);
        }
        _pages.EndPage();

        var (min, max) = _binaryRange.ToStatistics(MaxStatisticsBytes);
        EndChunk(column, DictionaryEncodings, 0, min, max);
    }

    private int IndexOf(string value)
    {
        if (!_dictionary.TryGetValue(value, out int index))
        {
            index = _entries.Count;
            _dictionary.Add(value, index);
            _entries.Add(value);
        }
        return index;
    }
}
