using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// Records copied out of their datagrams so they can cross threads (decode worker to sinks):
/// the bytes of every record in one growing arena, field bounds only where the template has
/// variable-length fields, and per record the template and message context by reference.
/// Reading gives back the same <see cref="FlowRecord"/> views the decoder handed out, so a sink
/// sees every element, nothing lost and nothing allocated per record. A batch is reused:
/// <see cref="Clear"/> keeps its arrays.
/// </summary>
public sealed class FlowRecordBatch
{
    private byte[] _data;
    private int _dataLength;
    private int[] _bounds;
    private int _boundsLength;
    private Entry[] _entries;

    public FlowRecordBatch(int recordCapacity = 1024, int byteCapacity = 64 * 1024)
    {
        _entries = new Entry[Math.Max(1, recordCapacity)];
        _data = new byte[Math.Max(64, byteCapacity)];
        _bounds = new int[256];
    }

    public int Count { get; private set; }
    /// <summary>Bytes of record data held: what flushing by size looks at.</summary>
    public int ByteCount => _dataLength;

    /// <summary>Copies one record (its bytes, its field bounds if they vary per record) into the batch.</summary>
    public void Add(in FlowRecord record)
    {
        if (Count == _entries.Length)
            Array.Resize(ref _entries, _entries.Length * 2);
        var data = record.Data;
        EnsureCapacity(ref _data, _dataLength + data.Length);
        data.CopyTo(_data.AsSpan(_dataLength));

        int boundsOffset = -1;
        if (!record.Template.IsFixedLength)
        {
            var bounds = record.Bounds;
            EnsureCapacity(ref _bounds, _boundsLength + bounds.Length);
            bounds.CopyTo(_bounds.AsSpan(_boundsLength));
            boundsOffset = _boundsLength;
            _boundsLength += bounds.Length;
        }

        _entries[Count++] = new Entry(record.Template, record.Context, record.Templates, _dataLength, data.Length, boundsOffset);
        _dataLength += data.Length;
    }

    public FlowRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            ref readonly var e = ref _entries[index];
            ReadOnlySpan<int> bounds = e.BoundsOffset < 0
                ? e.Template.FixedBounds
                : _bounds.AsSpan(e.BoundsOffset, e.Template.Fields.Length * 2);
            return new FlowRecord(e.Context, e.Template, _data.AsSpan(e.DataOffset, e.DataLength), bounds, e.Templates);
        }
    }

    /// <summary>Empties the batch for reuse; the arrays stay, the references to templates go.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
        _dataLength = 0;
        _boundsLength = 0;
    }

    private static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (needed > array.Length)
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
    }

    private readonly record struct Entry(Template Template, MessageContext Context, TemplateStore? Templates, int DataOffset, int DataLength, int BoundsOffset);
}
