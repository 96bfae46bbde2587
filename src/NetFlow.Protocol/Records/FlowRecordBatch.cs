using System.Diagnostics.CodeAnalysis;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// Records copied out of their datagrams so they can cross threads (decode worker to sinks):
/// the bytes of every record in one growing arena, field bounds only where the template has
/// variable-length fields, and the template and message context once per <see cref="RecordRun"/>
/// (the records of one template in one message, which follow each other), not once per record.
/// Reading gives back the same <see cref="FlowRecord"/> views the decoder handed out, so a sink
/// sees every element, nothing lost and nothing allocated per record; a columnar sink can take a
/// run's bytes whole (<see cref="RecordData"/>). A batch is reused: <see cref="Clear"/> keeps its arrays.
/// </summary>
public sealed class FlowRecordBatch
{
    private byte[] _data;
    private int _dataLength;
    private int[] _bounds;
    private int _boundsLength;
    private Entry[] _entries;
    private RecordRun[] _runs;

    public FlowRecordBatch(int recordCapacity = 1024, int byteCapacity = 64 * 1024)
    {
        _entries = new Entry[Math.Max(1, recordCapacity)];
        _runs = new RecordRun[Math.Max(1, recordCapacity / 16)];
        _data = new byte[Math.Max(64, byteCapacity)];
        _bounds = new int[256];
    }

    public int Count { get; private set; }
    /// <summary>Bytes of record data held: what flushing by size looks at.</summary>
    public int ByteCount => _dataLength;
    /// <summary>How many runs the records form (see <see cref="RecordRun"/>).</summary>
    public int RunCount { get; private set; }

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

        int run = RunOf(record.Template, record.Templates, in record.ContextRef);
        _runs[run].Count++;
        _entries[Count++] = new Entry(run, _dataLength, data.Length, boundsOffset);
        _dataLength += data.Length;
    }

    /// <summary>
    /// Copies a whole data set of fixed-length records in: one copy of its bytes and one run check
    /// for all of them (what <see cref="Add"/> does per record). The records read back as if added one by one.
    /// </summary>
    public void AddSet(in RecordSet set)
    {
        int n = set.Count;
        if (n == 0)
            return;
        EnsureCapacity(ref _entries, Count + n);
        var data = set.Data;
        EnsureCapacity(ref _data, _dataLength + data.Length);
        data.CopyTo(_data.AsSpan(_dataLength));
        int run = RunOf(set.Template, set.Templates, in set.ContextRef);
        _runs[run].Count += n;
        int length = set.Template.FixedRecordLength;
        var entries = _entries.AsSpan(Count, n);
        for (int i = 0, offset = _dataLength; i < entries.Length; i++, offset += length)
            entries[i] = new Entry(run, offset, length, -1);
        Count += n;
        _dataLength += data.Length;
    }

    /// <summary>The run the next records belong to: the last one if they continue it, else a new one starting at <see cref="Count"/>.</summary>
    private int RunOf(Template template, TemplateStore? templates, in MessageContext context)
    {
        int run = RunCount - 1;
        if (run >= 0 && _runs[run].Continues(template, templates, in context))
            return run;
        if (RunCount == _runs.Length)
            Array.Resize(ref _runs, _runs.Length * 2);
        _runs[RunCount] = new RecordRun(template, context, templates, Count);
        return RunCount++;
    }

    public FlowRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            ref readonly var e = ref _entries[index];
            ref readonly var run = ref _runs[e.Run];
            ReadOnlySpan<int> bounds = e.BoundsOffset < 0
                ? run.Template.FixedBounds
                : _bounds.AsSpan(e.BoundsOffset, run.Template.Fields.Length * 2);
            return new FlowRecord(in run.ContextRef, run.Template, _data.AsSpan(e.DataOffset, e.DataLength), bounds, run.Templates);
        }
    }

    /// <summary>Run <paramref name="index"/>, by reference: a run holds its message context, which is not small.</summary>
    public ref readonly RecordRun Run(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)RunCount, nameof(index));
        return ref _runs[index];
    }

    /// <summary>
    /// The bytes of records <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1,
    /// from the first one's start to the last one's end. Records of a run lie back to back, and so
    /// do those of runs that follow each other: the records of a fixed-length template start i ×
    /// its length apart when the span is count × that length long.
    /// </summary>
    public ReadOnlySpan<byte> RecordData(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)first + (uint)count, (uint)Count, nameof(count));
        if (count == 0)
            return [];
        int start = _entries[first].DataOffset;
        ref readonly var last = ref _entries[first + count - 1];
        return _data.AsSpan(start, last.DataOffset + last.DataLength - start);
    }

    /// <summary>Empties the batch for reuse; the arrays stay, the references to templates go.</summary>
    public void Clear()
    {
        Array.Clear(_runs, 0, RunCount);
        RunCount = 0;
        Count = 0;
        _dataLength = 0;
        _boundsLength = 0;
    }

    private static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (needed > array.Length)
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
    }

    private readonly record struct Entry(int Run, int DataOffset, int DataLength, int BoundsOffset);
}

/// <summary>
/// Records that follow each other in a <see cref="FlowRecordBatch"/> with one template and one
/// message context (as the records of one data set do): records <see cref="First"/> to
/// <see cref="First"/> + <see cref="Count"/> - 1, whose bytes lie back to back (<see cref="FlowRecordBatch.RecordData"/>).
/// </summary>
public struct RecordRun
{
    private readonly MessageContext _context;

    internal RecordRun(Template template, in MessageContext context, TemplateStore? templates, int first)
    {
        Template = template;
        _context = context;
        Templates = templates;
        First = first;
    }

    public Template Template { get; }
    public readonly MessageContext Context => _context;
    /// <summary>The context without a copy: the records read from the batch refer to it.</summary>
    [UnscopedRef]
    internal readonly ref readonly MessageContext ContextRef => ref _context;
    internal TemplateStore? Templates { get; }
    public int First { get; }
    public int Count { get; internal set; }

    /// <summary>
    /// Same template, session and message: the header compared field by field, exporter and domain
    /// by reference, all through references (a context copied per record cost more than the record's bytes).
    /// </summary>
    internal readonly bool Continues(Template template, TemplateStore? templates, in MessageContext context)
    {
        if (!ReferenceEquals(template, Template) || !ReferenceEquals(templates, Templates))
            return false;
        return ReferenceEquals(context.Exporter, _context.Exporter)
            && ReferenceEquals(context.Domain, _context.Domain)
            && context.HeaderRef.SameAs(in _context.HeaderRef);
    }
}
