namespace NetFlow.Benchmarks.StoreGen;

/// <summary>
/// Synthetic but shaped like an edge router's flows: a host population (by default 100 000)
/// split into internal IPv4 clients in 10.0.0.0/8, external IPv4 servers, and some IPv6 hosts
/// on both sides; host popularity and service ports Zipf-distributed (443 first, then 80, 53 ...);
/// 45 % client-to-server flows, 45 % their replies, 10 % inbound to internal servers; TCP mostly,
/// UDP for DNS/QUIC/NTP/VPN, some ICMP and random high ports; heavy-tailed packet counts.
/// </summary>
internal sealed class TrafficModel
{
    private readonly record struct Service(ushort Port, byte Proto);

    /// <summary>Services by rank (the Zipf draw picks the rank).</summary>
    private static readonly Service[] Services =
    [
        new(443, 6), new(80, 6), new(53, 17), new(443, 17), new(123, 17), new(22, 6), new(993, 6), new(25, 6),
        new(8080, 6), new(5223, 6), new(3389, 6), new(445, 6), new(587, 6), new(8443, 6), new(3478, 17), new(4500, 17),
        new(1194, 17), new(500, 17), new(161, 17), new(389, 6), new(636, 6), new(3306, 6), new(5432, 6), new(5060, 17),
        new(1935, 6), new(6379, 6), new(9200, 6), new(27017, 6), new(110, 6), new(143, 6), new(995, 6), new(465, 6),
        new(21, 6), new(23, 6), new(139, 6), new(137, 17), new(514, 17), new(1883, 6), new(5222, 6), new(8883, 6),
    ];

    private readonly Random _random;
    private readonly uint[] _internal4, _external4;
    private readonly UInt128[] _internal6, _external6;
    private readonly Zipf _internal4Rank, _external4Rank, _internal6Rank, _external6Rank, _serviceRank;

    public TrafficModel(int hosts, int seed)
    {
        _random = new Random(seed);
        int internal6 = hosts / 20, external6 = hosts / 20;
        int internal4 = hosts * 55 / 100;
        int external4 = hosts - internal4 - internal6 - external6;
        _internal4 = Distinct(internal4, () => 0x0A00_0000u | (uint)_random.Next(1, 0x00FF_FFFF));
        _external4 = Distinct(external4, PublicIpv4);
        _internal6 = Distinct(internal6, () => ((UInt128)0x2001_0db8_0000_0000UL << 64) | (UInt128)(((ulong)(uint)_random.Next(1, 4096) << 48) | (uint)_random.Next(1, int.MaxValue)));
        _external6 = Distinct(external6, () => ((UInt128)(0x2a00_0000_0000_0000UL | (ulong)_random.NextInt64(1, 1L << 40) << 16) << 64) | (UInt128)(ulong)_random.NextInt64(1, long.MaxValue));
        // Clients are less skewed than the servers they talk to.
        _internal4Rank = new Zipf(_internal4.Length, 0.8);
        _external4Rank = new Zipf(_external4.Length, 1.1);
        _internal6Rank = new Zipf(_internal6.Length, 0.8);
        _external6Rank = new Zipf(_external6.Length, 1.1);
        _serviceRank = new Zipf(Services.Length, 1.2);
    }

    /// <summary>
    /// A flow that ended up to 30 s before <paramref name="uptimeMs"/>. <paramref name="ipv6"/>
    /// picks the family; <paramref name="exporterIndex"/> the router's interfaces and next hop.
    /// </summary>
    public void Next(ref SyntheticFlow f, bool ipv6, uint uptimeMs, int exporterIndex)
    {
        var r = _random;
        int kind = r.Next(100);
        bool inbound = kind >= 45; // 45..89 replies, 90..99 requests to internal servers
        bool reply = kind is >= 45 and < 90;

        // What is talked: a ranked service, a random high port, or ICMP.
        int what = r.Next(100);
        ushort service;
        byte proto;
        if (what < 2)
        {
            proto = 1;
            service = 0;
        }
        else if (what < 7)
        {
            proto = r.Next(3) == 0 ? (byte)17 : (byte)6;
            service = (ushort)r.Next(1024, 65536);
        }
        else
        {
            var s = Services[_serviceRank.Next(r)];
            proto = s.Proto;
            service = s.Port;
        }
        ushort ephemeral = (ushort)r.Next(32768, 61000);

        f.IsIpv6 = ipv6;
        if (ipv6)
        {
            var inside = _internal6[_internal6Rank.Next(r)];
            var outside = _external6[_external6Rank.Next(r)];
            (f.Src6, f.Dst6) = inbound ? (outside, inside) : (inside, outside);
            f.NextHop6 = ((UInt128)0xfe80_0000_0000_0000UL << 64) | (UInt128)(ulong)(exporterIndex + 1);
            f.Src4 = f.Dst4 = f.NextHop4 = 0;
            f.SrcMask = inbound ? (byte)48 : (byte)64;
            f.DstMask = inbound ? (byte)64 : (byte)48;
        }
        else
        {
            uint inside = _internal4[_internal4Rank.Next(r)];
            uint outside = _external4[_external4Rank.Next(r)];
            (f.Src4, f.Dst4) = inbound ? (outside, inside) : (inside, outside);
            f.NextHop4 = 0xC633_6400u | (uint)(exporterIndex + 1); // 198.51.100.x
            f.SrcMask = inbound ? (byte)r.Next(16, 25) : (byte)8;
            f.DstMask = inbound ? (byte)8 : (byte)r.Next(16, 25);
        }

        if (proto == 1)
        {
            f.SrcPort = 0;
            // v9 puts ICMP type and code in the destination port: echo request/reply, unreachable, time exceeded.
            f.DstPort = r.Next(10) switch { < 4 => 0x0800, < 8 => 0x0000, 8 => 0x0303, _ => 0x0B00 };
        }
        else if (reply)
        {
            (f.SrcPort, f.DstPort) = (service, ephemeral);
        }
        else
        {
            (f.SrcPort, f.DstPort) = (ephemeral, service);
        }
        f.Proto = proto;

        // Heavy tail (Pareto, alpha 1.1): half the flows are 1-2 packets, the mean is about 10, a few are bulk transfers.
        uint packets = (uint)Math.Min(10_000_000, Math.Floor(Math.Pow(1 - r.NextDouble(), -1 / 1.1)));
        uint averageSize = proto == 17 && service == 53 ? (uint)r.Next(60, 512)
            : proto == 1 ? 84u
            : (uint)r.Next(52, 1500);
        f.Packets = packets;
        f.Bytes = (uint)Math.Min(uint.MaxValue, (ulong)packets * averageSize);
        f.TcpFlags = proto != 6 ? (byte)0 : (byte)(r.Next(100) switch { < 12 => 0x02, < 15 => 0x14, < 20 => 0x12, _ => 0x1B });
        f.Tos = r.Next(20) == 0 ? (byte)0xB8 : (byte)0;
        uint last = uptimeMs - (uint)r.Next(0, 30_000);
        uint duration = packets == 1 ? 0 : (uint)Math.Min(300_000, -Math.Log(1 - r.NextDouble()) * 15_000);
        f.LastMs = last;
        f.FirstMs = last - duration;
        int inIf = 1 + exporterIndex * 64 + r.Next(0, 48);
        int outIf = 1 + exporterIndex * 64 + r.Next(0, 48);
        f.InIf = (ushort)inIf;
        f.OutIf = (ushort)outIf;
        ushort remoteAs = (ushort)(r.Next(20) == 0 ? r.Next(1, 65000) : 13335 + r.Next(0, 2700));
        (f.SrcAs, f.DstAs) = inbound ? (remoteAs, (ushort)64512) : ((ushort)64512, remoteAs);
    }

    private uint PublicIpv4()
    {
        while (true)
        {
            uint a = (uint)_random.NextInt64(0x0B00_0000, 0xE000_0000);
            byte first = (byte)(a >> 24);
            if (first is 10 or 100 or 127 or 169 or 172 or 192 or 198)
                continue;
            return a;
        }
    }

    private static T[] Distinct<T>(int count, Func<T> next)
    {
        var set = new HashSet<T>();
        var items = new T[Math.Max(1, count)];
        for (int i = 0; i < items.Length;)
        {
            var item = next();
            if (set.Add(item))
                items[i++] = item;
        }
        return items;
    }
}
