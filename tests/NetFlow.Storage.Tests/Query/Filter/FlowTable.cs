using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using DuckDB.NET.Data;
using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>
/// An in-memory DuckDB table <c>flows</c> with the typed columns filters read (DuckDB types as in
/// FlowColumns) and twelve varied flows, ids 1-12. Addresses are written with the BCL and
/// from_hex, independently of the filter code under test.
/// </summary>
public sealed class FlowTable : IDisposable
{
    private const string Schema = """
        CREATE TABLE flows (
            id INTEGER, time_start TIMESTAMP, time_end TIMESTAMP, exporter VARCHAR, version UTINYINT,
            domain UINTEGER, src_ip4 UINTEGER, dst_ip4 UINTEGER, next_hop4 UINTEGER,
            src_ip6 BLOB, dst_ip6 BLOB, next_hop6 BLOB, src_port USMALLINT, dst_port USMALLINT,
            proto UTINYINT, tcp_flags USMALLINT, tos UTINYINT, icmp_type UTINYINT, icmp_code UTINYINT,
            bytes BIGINT, packets BIGINT, in_if UINTEGER, out_if UINTEGER, src_as UINTEGER, dst_as UINTEGER,
            src_mask UTINYINT, dst_mask UTINYINT, direction UTINYINT, src_vlan USMALLINT, dst_vlan USMALLINT,
            sampling_interval UINTEGER)
        """;

    /// <summary>The rows; a comment per row says what it is there to exercise.</summary>
    private static readonly TestFlow[] Rows =
    [
        // 1: plain IPv4 TCP web flow, SYN+ACK
        new(1) { Src = "10.0.0.1", Dst = "192.168.1.10", SrcPort = 40000, DstPort = 80, Proto = 6, Flags = 0x12, Tos = 0,
                 Bytes = 1500, Packets = 3, SrcAs = 65001, DstAs = 15169, InIf = 1, OutIf = 2, SrcVlan = 10, DstVlan = 20,
                 SrcMask = 24, DstMask = 16, Direction = 0, Exporter = "192.0.2.1", Version = 9, Domain = 0, Sampling = 1,
                 NextHop = "10.0.0.254", DurationMs = 1000 },
        // 2: IPv4 TCP SYN from port 443, egress, zero duration
        new(2) { Src = "10.0.0.2", Dst = "172.16.5.4", SrcPort = 443, DstPort = 50000, Proto = 6, Flags = 0x02, Tos = 32,
                 Bytes = 60, Packets = 1, SrcAs = 65001, DstAs = 3356, InIf = 2, OutIf = 1, SrcVlan = 10,
                 SrcMask = 24, DstMask = 12, Direction = 1, Exporter = "192.0.2.1", Version = 9, Domain = 0, Sampling = 1,
                 DurationMs = 0 },
        // 3: IPv4 UDP DNS, 2M bytes
        new(3) { Src = "192.168.1.10", Dst = "8.8.8.8", SrcPort = 53, DstPort = 53, Proto = 17, Tos = 0,
                 Bytes = 2_000_000, Packets = 2000, SrcAs = 0, DstAs = 15169, InIf = 3, OutIf = 2,
                 SrcMask = 16, DstMask = 24, Direction = 0, Exporter = "192.0.2.2", Version = 10, Domain = 7, Sampling = 100,
                 DurationMs = 2000 },
        // 4: IPv4 ICMP echo, no ports, no flags, no direction
        new(4) { Src = "10.1.2.3", Dst = "10.255.255.255", Proto = 1, IcmpType = 8, IcmpCode = 0,
                 Bytes = 84, Packets = 1, InIf = 1, OutIf = 3, Exporter = "192.0.2.2", Version = 10, Domain = 7, DurationMs = 0 },
        // 5: IPv6 TCP, 5G bytes, PSH+ACK, IPv6 next hop
        new(5) { Src = "2001:db8::1", Dst = "2001:db8:1::80", SrcPort = 1234, DstPort = 443, Proto = 6, Flags = 0x18,
                 Bytes = 5_000_000_000, Packets = 4_000_000, SrcAs = 64512, DstAs = 64513, InIf = 5, OutIf = 6,
                 SrcVlan = 30, DstVlan = 30, SrcMask = 64, DstMask = 48, Direction = 1, Exporter = "2001:db8::ffff",
                 Version = 10, Domain = 1, NextHop = "fe80::1", DurationMs = 10000 },
        // 6: IPv6 UDP mDNS to a multicast group, ToS EF
        new(6) { Src = "2001:db8:ffff::1", Dst = "ff02::fb", SrcPort = 5353, DstPort = 5353, Proto = 17, Tos = 184,
                 Bytes = 999, Packets = 3, SrcAs = 64513, DstAs = 0, InIf = 5, OutIf = 5, Exporter = "2001:db8::ffff",
                 Version = 10, DurationMs = 500 },
        // 7: ICMPv6 echo from link-local to loopback
        new(7) { Src = "fe80::1", Dst = "::1", Proto = 58, IcmpType = 128, IcmpCode = 0, Bytes = 104, Packets = 1,
                 Exporter = "2001:db8::ffff", Version = 9, DurationMs = 0 },
        // 8: IPv4 GRE between the lowest and highest addresses
        new(8) { Src = "0.0.0.0", Dst = "255.255.255.255", Proto = 47, Bytes = 1000, Packets = 1, InIf = 0, OutIf = 0,
                 Exporter = "192.0.2.3", Version = 5, DurationMs = 0 },
        // 9: IPv4 TCP with every flag, exactly 1M bytes, 32-bit max AS, port 65535
        new(9) { Src = "10.0.0.1", Dst = "10.0.0.2", SrcPort = 22, DstPort = 65535, Proto = 6, Flags = 0xFF,
                 Bytes = 1_000_000, Packets = 1000, SrcAs = 4294967295, DstAs = 65001, Exporter = "192.0.2.1",
                 Version = 9, NextHop = "192.0.2.254", DurationMs = 1000 },
        // 10: IPv6 TCP FIN+ACK between :: and the highest address, exactly 1G bytes, port 0
        new(10) { Src = "::", Dst = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", SrcPort = 0, DstPort = 8080, Proto = 6,
                  Flags = 0x11, Bytes = 1_000_000_000, Packets = 1_000_001, SrcAs = 4294967295, DstAs = 4294967295,
                  Exporter = "2001:db8::ffff", Version = 10, DurationMs = 1000 },
        // 11: IPv4 ESP, sampled 1:1000, domain at its maximum
        new(11) { Src = "192.0.2.200", Dst = "198.51.100.1", Proto = 50, Bytes = 1001, Packets = 1, Sampling = 1000,
                  Exporter = "192.0.2.3", Version = 5, Domain = 4294967295, DurationMs = 0 },
        // 12: no addresses at all, SCTP on port 80 both ways, no counters
        new(12) { SrcPort = 80, DstPort = 80, Proto = 132, Exporter = "192.0.2.1", Version = 10 },
    ];

    public FlowTable()
    {
        Connection = new DuckDBConnection("DataSource=:memory:");
        Connection.Open();
        Execute(Schema);
        foreach (var row in Rows)
            Execute($"INSERT INTO flows VALUES ({row.ToSqlValues()})");
    }

    public DuckDBConnection Connection { get; }

    /// <summary>The ids of the rows <paramref name="filter"/> selects, ascending.</summary>
    public int[] MatchingIds(string filter) => Query(FlowFilter.Parse(filter).ToSql());

    /// <summary>The ids of the rows a WHERE condition selects, ascending.</summary>
    public int[] Query(string condition)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = $"SELECT id FROM flows WHERE {condition} ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
            ids.Add(reader.GetInt32(0));
        return ids.ToArray();
    }

    /// <summary>Parses "1 2 5" (the expected ids of a test case).</summary>
    public static int[] Ids(string ids) =>
        ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray();

    public void Dispose() => Connection.Dispose();

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record TestFlow(int Id)
    {
        public string? Src { get; init; }
        public string? Dst { get; init; }
        public string? NextHop { get; init; }
        public int? SrcPort { get; init; }
        public int? DstPort { get; init; }
        public int? Proto { get; init; }
        public int? Flags { get; init; }
        public int? Tos { get; init; }
        public int? IcmpType { get; init; }
        public int? IcmpCode { get; init; }
        public ulong? Bytes { get; init; }
        public ulong? Packets { get; init; }
        public uint? InIf { get; init; }
        public uint? OutIf { get; init; }
        public uint? SrcAs { get; init; }
        public uint? DstAs { get; init; }
        public int? SrcMask { get; init; }
        public int? DstMask { get; init; }
        public int? Direction { get; init; }
        public int? SrcVlan { get; init; }
        public int? DstVlan { get; init; }
        public string Exporter { get; init; } = "192.0.2.1";
        public int Version { get; init; }
        public uint? Domain { get; init; }
        public uint? Sampling { get; init; }
        public int? DurationMs { get; init; }

        public string ToSqlValues()
        {
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            string Time(DateTime time) => $"TIMESTAMP '{time:yyyy-MM-dd HH:mm:ss.fff}'";
            object?[] values =
            [
                Id, DurationMs is null ? null : Time(start), DurationMs is null ? null : Time(start.AddMilliseconds(DurationMs.Value)),
                $"'{Exporter}'", Version, Domain,
                Ipv4(Src), Ipv4(Dst), Ipv4(NextHop), Ipv6(Src), Ipv6(Dst), Ipv6(NextHop),
                SrcPort, DstPort, Proto, Flags, Tos, IcmpType, IcmpCode, Bytes, Packets, InIf, OutIf, SrcAs, DstAs,
                SrcMask, DstMask, Direction, SrcVlan, DstVlan, Sampling,
            ];
            return string.Join(", ", values.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture)));
        }

        private static string? Ipv4(string? address) =>
            address is not null && IPAddress.Parse(address) is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetwork } ip
                ? BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes()).ToString(CultureInfo.InvariantCulture)
                : null;

        private static string? Ipv6(string? address) =>
            address is not null && IPAddress.Parse(address) is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip
                ? $"from_hex('{Convert.ToHexString(ip.GetAddressBytes())}')"
                : null;
    }
}
