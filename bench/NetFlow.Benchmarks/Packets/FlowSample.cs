namespace NetFlow.Benchmarks.Packets;

/// <summary>
/// The values of one flow as a router would export them: client addresses in 10/8 talking to
/// public servers, mostly TCP to 443/80, some DNS over UDP and ICMP, heavy-tailed packet counts.
/// Times are exporter uptime in milliseconds, as v5/v9 carry them.
/// </summary>
internal readonly record struct FlowSample(
    uint SourceAddress, uint DestinationAddress, uint NextHop, ushort InputInterface, ushort OutputInterface,
    uint Packets, uint Octets, uint FirstUptimeMs, uint LastUptimeMs, ushort SourcePort, ushort DestinationPort,
    byte TcpFlags, byte Protocol, byte Tos, ushort SourceAs, ushort DestinationAs, byte SourceMask, byte DestinationMask,
    byte Direction, string InterfaceName, string ApplicationName)
{
    private static readonly string[] InterfaceNames =
        ["TenGigE0/0/0/1", "GigabitEthernet0/1/3", "Bundle-Ether12", "HundredGigE0/2/0/0", "ge-0/0/5.0"];

    private static readonly string[] ApplicationNames =
        ["ssl", "dns", "http", "google-services", "ms-office-365", "youtube", "ntp", "quic"];

    private static readonly uint[] Servers =
        [0x8EFA_B44E, 0x6810_8C05, 0x0D6B_2A0E, 0x0808_0808, 0x0101_0101, 0x9765_C18C, 0xAC40_9B3F, 0x1F0D_4723];

    /// <summary><paramref name="count"/> flows that ended in the last 30 s before <paramref name="sysUptimeMs"/>.</summary>
    public static FlowSample[] Generate(int count, uint sysUptimeMs, int seed)
    {
        var random = new Random(seed);
        var flows = new FlowSample[count];
        for (int i = 0; i < count; i++)
        {
            int kind = random.Next(100);
            (byte protocol, ushort serverPort, string application) = kind switch
            {
                < 60 => ((byte)6, (ushort)443, random.Next(2) == 0 ? "ssl" : ApplicationNames[random.Next(ApplicationNames.Length)]),
                < 75 => ((byte)6, (ushort)80, "http"),
                < 85 => ((byte)17, (ushort)443, "quic"),
                < 95 => ((byte)17, (ushort)53, "dns"),
                _ => ((byte)1, (ushort)0, "icmp"),
            };
            // Heavy tail: most flows are a handful of packets, a few are bulk transfers.
            uint packets = (uint)Math.Max(1, Math.Exp(random.NextDouble() * 9));
            uint averageSize = protocol == 17 && serverPort == 53 ? (uint)random.Next(60, 512) : (uint)random.Next(52, 1500);
            uint last = sysUptimeMs - (uint)random.Next(0, 30_000);
            uint first = last - (uint)random.Next(0, 120_000);
            flows[i] = new FlowSample(
                SourceAddress: 0x0A00_0000u | (uint)random.Next(1, 0x00FF_FFFF),
                DestinationAddress: Servers[random.Next(Servers.Length)],
                NextHop: 0xC633_6401, // 198.51.100.1
                InputInterface: (ushort)random.Next(1, 48),
                OutputInterface: (ushort)random.Next(1, 48),
                Packets: packets,
                Octets: packets * averageSize,
                FirstUptimeMs: first,
                LastUptimeMs: last,
                SourcePort: protocol == 1 ? (ushort)0 : (ushort)random.Next(32768, 61000),
                DestinationPort: protocol == 1 ? (ushort)0x0800 : serverPort, // ICMP: type 8 code 0 in the port field
                TcpFlags: protocol == 6 ? (byte)(random.Next(4) == 0 ? 0x02 : 0x1B) : (byte)0,
                Protocol: protocol,
                Tos: (byte)(random.Next(10) == 0 ? 0xB8 : 0),
                SourceAs: 0,
                DestinationAs: (ushort)random.Next(13335, 16000),
                SourceMask: 8,
                DestinationMask: (byte)random.Next(16, 25),
                Direction: 0,
                InterfaceName: InterfaceNames[random.Next(InterfaceNames.Length)],
                ApplicationName: application);
        }
        return flows;
    }
}
