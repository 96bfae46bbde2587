using System.Diagnostics.CodeAnalysis;
using System.Net;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Messages;

/// <summary>
/// What a message header says, normalised over versions. Fields a version does not carry are 0.
/// Kept as a value so pending data can carry the header of the message it came in.
/// </summary>
public readonly struct MessageHeader
{
    public MessageHeader(ushort version, ushort count, uint sysUptimeMs, uint exportSeconds, uint exportNanoseconds,
        uint sequence, uint domain, byte engineType = 0, byte engineId = 0, byte samplingMode = 0, ushort samplingInterval = 0)
    {
        Version = version;
        Count = count;
        SysUptimeMs = sysUptimeMs;
        ExportSeconds = exportSeconds;
        ExportNanoseconds = exportNanoseconds;
        Sequence = sequence;
        Domain = domain;
        EngineType = engineType;
        EngineId = engineId;
        SamplingMode = samplingMode;
        SamplingInterval = samplingInterval;
    }

    public ushort Version { get; }
    /// <summary>v1/v5/v7 record count, v9 record count (templates included); 0 for IPFIX.</summary>
    public ushort Count { get; }
    /// <summary>Milliseconds since the exporter booted (v1, v5, v7, v9); 0 for IPFIX.</summary>
    public uint SysUptimeMs { get; }
    /// <summary>Export time, seconds since 1970 UTC.</summary>
    public uint ExportSeconds { get; }
    /// <summary>Residual nanoseconds of the export time (v1, v5, v7).</summary>
    public uint ExportNanoseconds { get; }
    /// <summary>flow_sequence (v5/v7: flows), package sequence (v9: packets), sequence (IPFIX: data records).</summary>
    public uint Sequence { get; }
    /// <summary>v9 source id, IPFIX observation domain id, v5 engine type &lt;&lt; 8 | engine id, else 0.</summary>
    public uint Domain { get; }
    public byte EngineType { get; }
    public byte EngineId { get; }
    /// <summary>v5 sampling mode: the top 2 bits of the sampling field.</summary>
    public byte SamplingMode { get; }
    /// <summary>v5 sampling interval: the low 14 bits of the sampling field.</summary>
    public ushort SamplingInterval { get; }

    /// <summary>Every field equal: the same message (or one that says exactly the same).</summary>
    public bool SameAs(in MessageHeader other) =>
        Sequence == other.Sequence && SysUptimeMs == other.SysUptimeMs && ExportSeconds == other.ExportSeconds
        && ExportNanoseconds == other.ExportNanoseconds && Domain == other.Domain && Version == other.Version && Count == other.Count
        && EngineType == other.EngineType && EngineId == other.EngineId && SamplingMode == other.SamplingMode
        && SamplingInterval == other.SamplingInterval;

    public DateTime ExportTimeUtc =>
        DateTime.UnixEpoch.AddTicks(ExportSeconds * TimeSpan.TicksPerSecond + ExportNanoseconds / 100);

    /// <summary>
    /// Absolute time of a sysUptime-relative timestamp (v5 First/Last, v9 FIRST/LAST_SWITCHED).
    /// The difference is taken modulo 2^32 and read as signed, so an uptime that wrapped after the
    /// flow started still gives the right time, and a flow stamped slightly after the header
    /// (exporter clocks do that) comes out slightly after the export time, not 49 days before it.
    /// </summary>
    public DateTime FromSysUptime(uint uptimeMs)
    {
        int behindMs = unchecked((int)(SysUptimeMs - uptimeMs));
        return ExportTimeUtc.AddTicks(-behindMs * TimeSpan.TicksPerMillisecond);
    }
}

/// <summary>The header plus where the message came from: everything a record needs to be placed.</summary>
public readonly struct MessageContext(IPAddress exporter, in MessageHeader header, ExporterDomain? domain = null)
{
    private readonly MessageHeader _header = header;

    public IPAddress Exporter { get; } = exporter;
    public MessageHeader Header => _header;

    /// <summary>The header without a copy, for comparisons made per record.</summary>
    [UnscopedRef]
    internal ref readonly MessageHeader HeaderRef => ref _header;
    /// <summary>What the exporter's options data said about this domain (null for v1/v5/v7).</summary>
    public ExporterDomain? Domain { get; } = domain;
}
