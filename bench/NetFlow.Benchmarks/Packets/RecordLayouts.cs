using System.Text;

namespace NetFlow.Benchmarks.Packets;

/// <summary>One field of a record layout: IANA / v9 element id and wire length (65535 = variable).</summary>
/// <param name="LongPrefix">For a variable-length field: write the RFC 7011 §7 three-byte length (255, then 2 bytes) even for a short value.</param>
internal readonly record struct LayoutField(ushort Id, ushort Length, bool LongPrefix = false)
{
    public const ushort Variable = 0xFFFF;
}

/// <summary>The layouts the benchmarks send, and how a <see cref="FlowSample"/> is written in one of them.</summary>
internal static class RecordLayouts
{
    public const ushort PaddingOctets = 210;

    /// <summary>Cisco's fixed v5 record, 48 bytes (pad1 and pad2 as paddingOctets).</summary>
    public static readonly LayoutField[] V5 =
    [
        new(8, 4), new(12, 4), new(15, 4), new(10, 2), new(14, 2), new(2, 4), new(1, 4), new(22, 4), new(21, 4),
        new(7, 2), new(11, 2), new(PaddingOctets, 1), new(6, 1), new(4, 1), new(5, 1), new(16, 2), new(17, 2),
        new(9, 1), new(13, 1), new(PaddingOctets, 2),
    ];

    /// <summary>
    /// The usual v9 IPv4 template, 45 bytes: IPV4_SRC/DST_ADDR, IPV4_NEXT_HOP, INPUT/OUTPUT_SNMP (2),
    /// IN_PKTS, IN_BYTES, FIRST/LAST_SWITCHED, L4_SRC/DST_PORT, TCP_FLAGS, PROTOCOL, SRC_TOS,
    /// SRC/DST_AS (2), SRC/DST_MASK. (DIRECTION would make it 46.)
    /// </summary>
    public static readonly LayoutField[] V9Ipv4 =
    [
        new(8, 4), new(12, 4), new(15, 4), new(10, 2), new(14, 2), new(2, 4), new(1, 4), new(22, 4), new(21, 4),
        new(7, 2), new(11, 2), new(6, 1), new(4, 1), new(5, 1), new(16, 2), new(17, 2), new(9, 1), new(13, 1),
    ];

    /// <summary>The v9 layout with absolute flowStart/EndMilliseconds (152/153, 8 bytes) instead of uptimes: 53 bytes.</summary>
    public static readonly LayoutField[] IpfixIpv4 =
    [
        new(8, 4), new(12, 4), new(15, 4), new(10, 2), new(14, 2), new(2, 4), new(1, 4), new(152, 8), new(153, 8),
        new(7, 2), new(11, 2), new(6, 1), new(4, 1), new(5, 1), new(16, 2), new(17, 2), new(9, 1), new(13, 1),
    ];

    /// <summary>
    /// <see cref="IpfixIpv4"/> plus interfaceName (82) with a one-byte length and applicationName (96)
    /// with the three-byte length form (RFC 7011 §7 allows it for any length; some exporters always use it).
    /// </summary>
    public static readonly LayoutField[] IpfixIpv4WithStrings =
    [
        .. IpfixIpv4,
        new(82, LayoutField.Variable),
        new(96, LayoutField.Variable, LongPrefix: true),
    ];

    public static int FixedLength(LayoutField[] layout) => layout.Sum(f => f.Length == LayoutField.Variable ? 0 : f.Length);

    /// <summary>Writes one record; uptimes become absolute milliseconds against the header's uptime and export time.</summary>
    public static void Write(PacketWriter w, LayoutField[] layout, in FlowSample s, uint sysUptimeMs, ulong exportUnixMs)
    {
        foreach (var field in layout)
        {
            if (field.Length == LayoutField.Variable)
            {
                WriteString(w, field.Id == 82 ? s.InterfaceName : s.ApplicationName, field.LongPrefix);
                continue;
            }
            ulong value = field.Id switch
            {
                1 => s.Octets,
                2 => s.Packets,
                4 => s.Protocol,
                5 => s.Tos,
                6 => s.TcpFlags,
                7 => s.SourcePort,
                8 => s.SourceAddress,
                9 => s.SourceMask,
                10 => s.InputInterface,
                11 => s.DestinationPort,
                12 => s.DestinationAddress,
                13 => s.DestinationMask,
                14 => s.OutputInterface,
                15 => s.NextHop,
                16 => s.SourceAs,
                17 => s.DestinationAs,
                21 => s.LastUptimeMs,
                22 => s.FirstUptimeMs,
                61 => s.Direction,
                152 => exportUnixMs - (sysUptimeMs - s.FirstUptimeMs),
                153 => exportUnixMs - (sysUptimeMs - s.LastUptimeMs),
                PaddingOctets => 0,
                _ => throw new InvalidOperationException($"no sample value for element {field.Id}"),
            };
            w.Unsigned(value, field.Length);
        }
    }

    private static void WriteString(PacketWriter w, string value, bool longPrefix)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        if (longPrefix || utf8.Length >= 255)
        {
            w.U8(255);
            w.U16((ushort)utf8.Length);
        }
        else
        {
            w.U8((byte)utf8.Length);
        }
        w.Bytes(utf8);
    }
}
