using System.Buffers.Binary;
using System.Text;

namespace NetFlow.Storage.Writing.Parquet;

/// <summary>BYTE_ARRAY columns PLAIN: each value a 4-byte little-endian length and its bytes; a page ends near the most a page may hold.</summary>
internal sealed partial class RowGroupEncoder
{
    /// <summary>A BLOB column (IPv6 addresses, application ids): the arrays as they are.</summary>
    public void WriteByteArrays(ColumnDescriptor column, ReadOnlySpan<byte[]?> values, ColumnPresence presence)
    {
        if (!BeginChunk(column, values.Length, PhysicalType.ByteArray, presence))
            return;
        long nulls = 0;
        _binaryRange.Reset();
        for (int start = 0; start < _rows;)
        {
            // The page's size is known before it is written: its values go straight where they belong.
            int end = PageEnd(column, values, presence, start, static v => v.Length, out long bytes, out int count);
            int rows = end - start;
            var destination = _pages.BeginDataPage(rows, Levels(column, presence, start, rows), (int)bytes);
            int at = 0;
            for (int row = start; row < end; row++)
            {
                if (!presence.Has(row))
                    continue;
                var value = values[row]!;
                BinaryPrimitives.WriteInt32LittleEndian(destination[at..], value.Length);
                value.CopyTo(destination[(at + sizeof(int))..]);
                at += sizeof(int) + value.Length;
                _binaryRange.Offer(value);
            }
            _pages.EndPage();
            nulls += rows - count;
            start = end;
        }
        var (min, max) = _binaryRange.ToStatistics(MaxStatisticsBytes);
        EndChunk(column, PlainEncodings, nulls, min, max);
    }

    /// <summary>A STRING column (extra): each string UTF-8 encoded into the page as it is written.</summary>
    public void WriteStrings(ColumnDescriptor column, ReadOnlySpan<string?> values, ColumnPresence presence)
    {
        if (!BeginChunk(column, values.Length, PhysicalType.ByteArray, presence))
            return;
        long nulls = 0;
        _binaryRange.Reset();
        for (int start = 0; start < _rows;)
        {
            // Pages are cut by characters, close enough to bytes for JSON text.
            int end = PageEnd(column, values, presence, start, static v => v.Length, out _, out int count);
            int rows = end - start;
            var body = _pages.BeginVariableDataPage(rows, Levels(column, presence, start, rows));
            for (int row = start; row < end; row++)
            {
                if (!presence.Has(row))
                    continue;
                var value = values[row]!;
                var room = body.GetSpan(sizeof(int) + Encoding.UTF8.GetMaxByteCount(value.Length));
                int length = Encoding.UTF8.GetBytes(value, room[sizeof(int)..]);
                BinaryPrimitives.WriteInt32LittleEndian(room, length);
                body.Advance(sizeof(int) + length);
                _binaryRange.Offer(room.Slice(sizeof(int), length));
            }
            _pages.EndPage();
            nulls += rows - count;
            start = end;
        }
        var (min, max) = _binaryRange.ToStatistics(MaxStatisticsBytes);
        EndChunk(column, PlainEncodings, nulls, min, max);
    }

    private static InvalidOperationException MissingValue(ColumnDescriptor column, int row) =>
        new($"row {row} of column {column.Name} is marked present but holds no value");

    /// <summary>
    /// Where the page that starts at row <paramref name="start"/> ends: after as many rows as fit
    /// <see cref="_maxPageBytes"/> with their 4-byte length prefixes (one value at least);
    /// <paramref name="bytes"/> is what its values take, <paramref name="count"/> how many there are.
    /// </summary>
    private int PageEnd<T>(ColumnDescriptor column, ReadOnlySpan<T?> values, ColumnPresence presence, int start, Func<T, int> length,
        out long bytes, out int count)
        where T : class
    {
        int end = start;
        count = 0;
        bytes = 0;
        for (; end < _rows; end++)
        {
            if (!presence.Has(end))
                continue;
            int size = sizeof(int) + length(values[end] ?? throw MissingValue(column, end));
            if (bytes + size > _maxPageBytes && count > 0)
                break;
            bytes += size;
            count++;
        }
        return end;
    }
}
