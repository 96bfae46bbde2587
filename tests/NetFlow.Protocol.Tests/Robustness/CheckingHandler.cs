using System.Buffers.Binary;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// A handler that trusts nothing it is given: every record is read in full (<see cref="RecordProbe"/>)
/// and must lie in the datagram being decoded or in a pending copy; every error must point into
/// the datagram (or, for held data decoded late, into the datagram it came in). It counts what it
/// saw, so the session's counters can be compared with it.
/// </summary>
internal sealed class CheckingHandler : IFlowRecordHandler
{
    private byte[] _buffer = [];
    private int _length;
    private PendingCopy[] _pending = [];
    private readonly List<int> _setsHeldNow = [];

    public long[] ErrorsByStatus { get; } = new long[Enum.GetValues<DecodeStatus>().Length];
    public long Records { get; private set; }
    public List<string> Violations { get; } = [];
    /// <summary>Whether records are read in full (<see cref="RecordProbe"/>) or only located (for the clean feeds that set a scenario up).</summary>
    public bool Probe { get; set; } = true;
    /// <summary>When set, each distinct record is read in full once per batch; every record is still located.</summary>
    public ProbeMemo? Memo { get; set; }
    public ExporterSession? Session { get; set; }
    /// <summary>Called with each record after it was checked, for tests that also look at what was decoded.</summary>
    public RecordAction? Observer { get; set; }

    /// <summary>Called before each decode: what the decode may point into.</summary>
    public void Expect(byte[] buffer, int length, PendingCopy[] pending)
    {
        _buffer = buffer;
        _length = length;
        _pending = pending;
        _setsHeldNow.Clear();
    }

    public void OnRecord(in FlowRecord record)
    {
        Records++;
        try
        {
            if (!TryLocate(record.Data, out var container))
            {
                Violations.Add($"record of template {record.Template.Id} ({record.Data.Length} bytes) lies neither in the datagram nor in a pending copy");
                return;
            }
            if (Probe && (Memo is null || Session is null || Memo.FirstTime(record, Session)))
                RecordProbe.Read(record, container, Violations);
            Observer?.Invoke(record);
        }
        catch (Exception e)
        {
            Violations.Add($"reading a record of template {record.Template.Id} threw {e}");
        }
    }

    /// <summary>Finds the buffer the record's bytes lie in: the datagram, or a copy of held data.</summary>
    private bool TryLocate(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> container)
    {
        container = _buffer.AsSpan(0, _length);
        if (SpanBounds.IsWithin(data, container))
            return true;
        foreach (var copy in _pending)
        {
            container = copy.Body;
            if (SpanBounds.IsWithin(data, container))
                return true;
        }
        // A set held and released within this same decode (its template came later in the datagram)
        // is a copy no snapshot saw: its bytes must be those of a set reported as TemplateMissing.
        var datagram = _buffer.AsSpan(0, _length);
        foreach (int setOffset in _setsHeldNow)
        {
            int setEnd = Math.Min(datagram.Length, setOffset + BinaryPrimitives.ReadUInt16BigEndian(datagram[(setOffset + 2)..]));
            if (setEnd - setOffset >= 4 && datagram[(setOffset + 4)..setEnd].IndexOf(data) >= 0)
            {
                container = data;
                return true;
            }
        }
        container = default;
        return false;
    }

    public void OnError(in DecodeError error)
    {
        if ((uint)error.Status >= (uint)ErrorsByStatus.Length || error.Status == DecodeStatus.Ok)
        {
            Violations.Add($"OnError with status {error.Status}");
            return;
        }
        ErrorsByStatus[(int)error.Status]++;
        if (error.Status == DecodeStatus.TemplateMissing && error.Offset >= 0 && error.Offset <= _length - 4)
            _setsHeldNow.Add(error.Offset);
        if (!OffsetIsKnown(error.Offset))
            Violations.Add($"{error} points outside the {_length}-byte datagram and every pending copy");
    }

    private bool OffsetIsKnown(int offset)
    {
        // An empty datagram has no byte to point at; 0 is the only honest answer there.
        if (offset >= 0 && (offset < _length || offset == 0))
            return true;
        // Held data decoded when its template arrives is reported where it was in its own datagram.
        foreach (var copy in _pending)
        {
            if (offset >= copy.Offset - 4 && offset < copy.Offset + copy.Body.Length)
                return true;
        }
        return false;
    }
}

/// <summary>Something to do with a record while it is in view.</summary>
internal delegate void RecordAction(in FlowRecord record);
