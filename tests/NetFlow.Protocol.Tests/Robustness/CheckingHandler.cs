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

    public long[] ErrorsByStatus { get; } = new long[Enum.GetValues<DecodeStatus>().Length];
    public long Records { get; private set; }
    public List<string> Violations { get; } = [];
    /// <summary>Whether records are read in full (<see cref="RecordProbe"/>) or only located (for the clean feeds that set a scenario up).</summary>
    public bool Probe { get; set; } = true;
    /// <summary>When set, each distinct record is read in full once per batch; every record is still located.</summary>
    public ProbeMemo? Memo { get; set; }
    public ExporterSession? Session { get; set; }

    /// <summary>Called before each decode: what the decode may point into.</summary>
    public void Expect(byte[] buffer, int length, PendingCopy[] pending)
    {
        _buffer = buffer;
        _length = length;
        _pending = pending;
    }

    public void OnRecord(in FlowRecord record)
    {
        Records++;
        try
        {
            var container = ContainerOf(record.Data);
            if (container is null)
            {
                Violations.Add($"record of template {record.Template.Id} ({record.Data.Length} bytes) lies neither in the datagram nor in a pending copy");
                return;
            }
            if (Probe && (Memo is null || Session is null || Memo.FirstTime(record, Session)))
                RecordProbe.Read(record, container.Value.Span, Violations);
        }
        catch (Exception e)
        {
            Violations.Add($"reading a record of template {record.Template.Id} threw {e}");
        }
    }

    /// <summary>The datagram, or the pending copy, that the record's bytes lie in; null if none.</summary>
    private ReadOnlyMemory<byte>? ContainerOf(ReadOnlySpan<byte> data)
    {
        var datagram = _buffer.AsMemory(0, _length);
        if (SpanBounds.IsWithin(data, datagram.Span))
            return datagram;
        foreach (var copy in _pending)
        {
            if (SpanBounds.IsWithin(data, copy.Body))
                return copy.Body;
        }
        return null;
    }

    public void OnError(in DecodeError error)
    {
        if ((uint)error.Status >= (uint)ErrorsByStatus.Length || error.Status == DecodeStatus.Ok)
        {
            Violations.Add($"OnError with status {error.Status}");
            return;
        }
        ErrorsByStatus[(int)error.Status]++;
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
