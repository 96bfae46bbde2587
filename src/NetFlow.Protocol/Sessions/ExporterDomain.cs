namespace NetFlow.Protocol.Sessions;

/// <summary>
/// What an exporter tells about one of its observation domains (v9 source id) through options
/// data, remembered so the domain's other records can use it: for now the system init time that
/// IPFIX sysUpTime-relative flow times count from (RFC 7011 flowStartSysUpTime, IE 160).
/// </summary>
public sealed class ExporterDomain(ushort version, uint id)
{
    public ushort Version { get; } = version;
    public uint Id { get; } = id;

    private long _systemInitTicks;

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
