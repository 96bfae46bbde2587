namespace NetFlow.Protocol.Sessions;

/// <summary>
/// What an exporter tells about one of its observation domains (v9 source id) through options
/// data, remembered so the domain's other records can use it: the system init time that IPFIX
/// sysUpTime-relative flow times count from (RFC 7011 flowStartSysUpTime, IE 160), and the
/// sampling rate of each sampler (v9 FLOW_SAMPLER_ID / IPFIX selectorId) or of the whole domain.
/// Written by the decoding worker, read by sinks on other threads: both are swapped whole.
/// </summary>
public sealed class ExporterDomain(ushort version, uint id)
{
    public ushort Version { get; } = version;
    public uint Id { get; } = id;

    private long _systemInitTicks;
    private volatile Dictionary<ulong, uint> _sampling = [];

    /// <summary>The key under which a rate that names no sampler (it applies to the whole domain) is kept.</summary>
    private const ulong WholeDomain = ulong.MaxValue;

    /// <summary>Every sampling rate learned: sampler id (null for the whole domain) and "1 in N".</summary>
    public IReadOnlyList<(ulong? SamplerId, uint Interval)> SamplingRates =>
        _sampling.Select(p => (p.Key == WholeDomain ? (ulong?)null : p.Key, p.Value)).ToList();

    /// <summary>The rate of a sampler, or of the whole domain when <paramref name="samplerId"/> is null or unknown.</summary>
    public bool TryGetSamplingInterval(ulong? samplerId, out uint interval)
    {
        var table = _sampling;
        return (samplerId is { } id && table.TryGetValue(id, out interval)) || table.TryGetValue(WholeDomain, out interval);
    }

    /// <summary>Remembers a sampler's rate (copy on write: readers on other threads see the old or the new table).</summary>
    public void LearnSamplingInterval(ulong? samplerId, uint interval)
    {
        ulong key = samplerId ?? WholeDomain;
        var table = _sampling;
        if (table.TryGetValue(key, out uint known) && known == interval)
            return;
        // A hostile exporter could invent sampler ids without end: keep the table small.
        if (table.Count >= MaxSamplers && !table.ContainsKey(key))
            return;
        _sampling = new Dictionary<ulong, uint>(table) { [key] = interval };
    }

    /// <summary>Samplers remembered per domain at most.</summary>
    public const int MaxSamplers = 256;

    /// <summary>systemInitTimeMilliseconds (IE 160) from this domain's options data, if it sent one.</summary>
    /// <remarks>Kept as one 64-bit value so sinks reading records on other threads never see half an update.</remarks>
    public DateTime? SystemInitTimeUtc
    {
        get
        {
            long ticks = Volatile.Read(ref _systemInitTicks);
            return ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
        }
        internal set => Volatile.Write(ref _systemInitTicks, value?.Ticks ?? 0);
    }
}
