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

    /// <summary>
    /// The records of one data set of a fixed-length data template, in order. By default each goes
    /// to <see cref="OnRecord"/>; a handler that keeps records (the collector's batches) can take
    /// the set whole: one copy and one check per set instead of per record.
    /// <para>
    /// Static, with the handler by reference, because the decoder calls it as
    /// <c>THandler.OnRecordSet(ref handler, set)</c>: bound when the decoder is compiled for the
    /// handler's type, so there is no boxing and no virtual call, and a handler that is a mutable
    /// struct is changed in place (an instance default method would box it and change a copy).
    /// </para>
    /// </summary>
    static virtual void OnRecordSet<THandler>(ref THandler handler, in RecordSet set)
        where THandler : IFlowRecordHandler
    {
        for (int i = 0; i < set.Count; i++)
            handler.OnRecord(set[i]);
    }
}
