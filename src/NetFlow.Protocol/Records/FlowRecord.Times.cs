namespace NetFlow.Protocol.Records;

public readonly ref partial struct FlowRecord
{
    /// <summary>When the flow started, in UTC, from whichever form of start time the record carries.</summary>
    public bool TryGetStart(out DateTime utc) =>
        TryGetTime(out utc, FlowStartSeconds, FlowStartMilliseconds, FlowStartMicroseconds, FlowStartNanoseconds, FlowStartSysUpTime, FlowStartDeltaMicroseconds);

    /// <summary>When the flow ended, in UTC, from whichever form of end time the record carries.</summary>
    public bool TryGetEnd(out DateTime utc) =>
        TryGetTime(out utc, FlowEndSeconds, FlowEndMilliseconds, FlowEndMicroseconds, FlowEndNanoseconds, FlowEndSysUpTime, FlowEndDeltaMicroseconds);

    /// <summary>
    /// Absolute times first (RFC 7011 dateTime* elements); then sysUpTime-relative ones: in v1/v5/v7/v9
    /// relative to the header's uptime and export time, in IPFIX to the domain's systemInitTime
    /// (from options data, or in the record itself); then microseconds before the export time (IE 158/159).
    /// </summary>
    private bool TryGetTime(out DateTime utc, ushort seconds, ushort milliseconds, ushort microseconds, ushort nanoseconds, ushort sysUpTime, ushort deltaMicroseconds)
    {
        foreach (ushort id in (ReadOnlySpan<ushort>)[milliseconds, microseconds, nanoseconds, seconds])
        {
            int i = IndexOf(id);
            if (i >= 0 && this[i].TryGetDateTime(out utc))
                return true;
        }

        int up = IndexOf(sysUpTime);
        if (up >= 0 && this[up].TryGetUInt64(out ulong uptime) && uptime <= uint.MaxValue)
        {
            if (Header.Version <= 9)
            {
                utc = Header.FromSysUptime((uint)uptime);
                return true;
            }
            DateTime? systemInit = null;
            int own = IndexOf(SystemInitTimeMilliseconds);
            if (own >= 0 && this[own].TryGetDateTime(out var ownInit))
                systemInit = ownInit;
            systemInit ??= Context.Domain?.SystemInitTimeUtc;
            // A hostile systemInitTime near year 9999 must not push the sum past DateTime's range.
            if (systemInit is { } init && (long)uptime * TimeSpan.TicksPerMillisecond <= DateTime.MaxValue.Ticks - init.Ticks)
            {
                utc = init.AddTicks((long)uptime * TimeSpan.TicksPerMillisecond);
                return true;
            }
        }

        int delta = IndexOf(deltaMicroseconds);
        if (delta >= 0 && this[delta].TryGetUInt64(out ulong micros) && micros <= uint.MaxValue)
        {
            utc = Header.ExportTimeUtc.AddTicks(-(long)micros * 10);
            return true;
        }

        utc = default;
        return false;
    }

    private const ushort FlowEndSysUpTime = 21, FlowStartSysUpTime = 22;
    private const ushort FlowStartSeconds = 150, FlowEndSeconds = 151, FlowStartMilliseconds = 152, FlowEndMilliseconds = 153;
    private const ushort FlowStartMicroseconds = 154, FlowEndMicroseconds = 155, FlowStartNanoseconds = 156, FlowEndNanoseconds = 157;
    private const ushort FlowStartDeltaMicroseconds = 158, FlowEndDeltaMicroseconds = 159, SystemInitTimeMilliseconds = 160;
}
