namespace NetFlow.Protocol.Records;

/// <summary>
/// Reads a sampling rate ("1 in N packets") from whichever elements a record carries: the
/// NetFlow-era samplingInterval (34) and samplerRandomInterval (50), the PSAMP count-based
/// samplingPacketInterval/Space (305/306, RFC 5477), samplingSize/Population (309/310) and
/// samplingProbability (311). And the id that ties data records to a sampler's options record:
/// samplerId (48) or selectorId (302).
/// </summary>
public static class SamplingFields
{
    private const ushort SamplingInterval = 34, SamplerId = 48, SamplerRandomInterval = 50, SelectorId = 302;
    private const ushort PacketInterval = 305, PacketSpace = 306, Size = 309, Population = 310, Probability = 311;

    public static bool TryGetInterval(in FlowRecord record, out uint interval)
    {
        interval = 0;
        if (TryGet(record, SamplingInterval, out ulong n) || TryGet(record, SamplerRandomInterval, out n))
            return Set(n, out interval);
        if (TryGet(record, PacketInterval, out ulong selected) && TryGet(record, PacketSpace, out ulong skipped) && selected > 0)
            return Set((selected + skipped) / selected, out interval);
        if (TryGet(record, Size, out ulong size) && TryGet(record, Population, out ulong population) && size > 0)
            return Set(population / size, out interval);
        int p = record.IndexOf(Probability);
        if (p >= 0 && record[p].TryGetDouble(out double probability) && probability is > 0 and <= 1)
            return Set((ulong)Math.Round(1 / probability), out interval);
        return false;
    }

    /// <summary>True when records of the template carry a rate or a sampler id of their own (else the rate is the domain's or the header's).</summary>
    public static bool Carries(Templates.Template template)
    {
        foreach (ushort id in (ReadOnlySpan<ushort>)[SamplingInterval, SamplerId, SamplerRandomInterval, SelectorId, PacketInterval, PacketSpace, Size, Population, Probability])
        {
            if (template.IndexOf(id) >= 0)
                return true;
        }
        return false;
    }

    public static bool TryGetSamplerId(in FlowRecord record, out ulong id) =>
        TryGet(record, SamplerId, out id) || TryGet(record, SelectorId, out id);

    private static bool TryGet(in FlowRecord record, ushort element, out ulong value)
    {
        int i = record.IndexOf(element);
        value = 0;
        return i >= 0 && record[i].TryGetUInt64(out value);
    }

    /// <summary>0 means "not sampled" in v5 and v9 exports: no rate learned from it.</summary>
    private static bool Set(ulong n, out uint interval)
    {
        interval = (uint)Math.Min(n, uint.MaxValue);
        return interval > 0;
    }
}
