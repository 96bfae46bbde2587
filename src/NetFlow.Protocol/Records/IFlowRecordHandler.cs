namespace NetFlow.Protocol.Records;

/// <summary>
/// Receives what a session decodes. Called synchronously from inside the decode, with views
/// into the datagram: copy what must outlive the call. A struct implementation passed by ref
/// lets the JIT inline the calls on the hot path.
/// </summary>
public interface IFlowRecordHandler
{
    /// <summary>One data or options record (see <see cref="FlowRecord.IsOptions"/>).</summary>
    void OnRecord(in FlowRecord record);

    /// <summary>One problem, already counted in the session's counters.</summary>
    void OnError(in DecodeError error);
}
