using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>
/// A required string column of few distinct values (the exporter) dictionary-encoded: a dictionary
/// page of the distinct strings (PLAIN), then one data page of their indices (RLE_DICTIONARY: a byte
/// of bit width, then the RLE / bit-packed hybrid, here RLE runs only). Consecutive rows mostly hold
/// the same string object, so the row group hands them over as runs (<see cref="ExporterRun"/>): a
/// lookup per run, and the runs are the RLE runs of the indices.
/// </summary>
internal sealed partial class RowGroupEncoder
{
    private static readonly PageEncoding[] DictionaryEncodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary];

    private readonly Dictionary<string, int> _dictionary = new(StringComparer.Ordinal);
    private readonly List<string> _entries = [];
    private readonly List<(int Index, int Count)> _runs = [];

    /// <param name="values">The rows as runs of one value, the first starting at row 0, each to the next one's start or the last row.</param>
    public void WriteDictionaryStrings(ColumnDescriptor column, ReadOnlySpan<ExporterRun> values)
    {
        Check(column, _rows, PhysicalType.ByteArray);
        if (_rows > 0 && (values.IsEmpty || values[0].Start != 0))
            throw new ArgumentException($"column {column.Name}: the runs must start at row 0", nameof(values));
        if (!column.IsRequired)
            throw new ArgumentException($"column {column.Name}: only required columns are dictionary-encoded here", nameof(column));
        _pages.BeginChunk();
        _dictionary.Clear();
        _entries.Clear();
        _runs.Clear();

        int index = -1;
        int run = 0;
        for (int r = 0; r < values.Length && values[r].Start < _rows; r++)
        {
            int end = r + 1 < values.Length ? Math.Min(values[r + 1].Start, _rows) : _rows;
            if (end <= values[r].Start)
                throw new ArgumentException($"column {column.Name}: the runs must start at increasing rows", nameof(values));
            int next = IndexOf(values[r].Exporter ?? throw MissingValue(column, values[r].Start));
            // Runs of different string objects with the same text are one RLE run.
            if (next != index && run > 0)
            {
                _runs.Add((index, run));
                run = 0;
            }
            index = next;
            run += end - values[r].Start;
        }
        if (run > 0)
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
