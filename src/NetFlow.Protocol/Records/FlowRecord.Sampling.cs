namespace NetFlow.Protocol.Records;

public readonly ref partial struct FlowRecord
{
    /// <summary>
    /// The sampling rate ("1 in N") that applies to this record: from its own sampling elements,
    /// else from the options data of the sampler it names (samplerId / selectorId) or of its
    /// domain, else from a v5 header's sampling field. False when the export says nothing.
    /// </summary>
    public bool TryGetSamplingInterval(out uint interval)
    {
        if (SamplingFields.TryGetInterval(this, out interval))
            return true;
        if (Context.Domain is { } domain
            && domain.TryGetSamplingInterval(SamplingFields.TryGetSamplerId(this, out ulong id) ? id : null, out interval))
            return true;
        interval = Header.SamplingInterval;
        return Header.Version == 5 && interval > 0;
    }
}
