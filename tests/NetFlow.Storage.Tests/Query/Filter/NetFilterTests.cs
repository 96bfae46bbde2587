namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>IPv4 and IPv6 networks: CIDR, netmask form, short forms, edges, host bits.</summary>
public sealed class NetFilterTests(FlowTable table) : IClassFixture<FlowTable>
{
    [Theory]
    [InlineData("net 10.0.0.0/8", "1 2 4 9")]
    [InlineData("dst net 10.0.0.0/8", "4 9")]
    [InlineData("net 192.168.0.0/16", "1 3")]
    [InlineData("net 172.16.0.0/12", "2")]
    [InlineData("net 172.16/12", "2")]
    [InlineData("net 10/8", "1 2 4 9")]
    [InlineData("net 0.0.0.0/1", "1 2 3 4 8 9")]
    [InlineData("net 0.0.0.0/0", "1 2 3 4 8 9 11")]
    [InlineData("net 10.0.0.1/32", "1 9")]
    [InlineData("net 255.255.255.255/32", "8")]
    [InlineData("net 198.51.100.0/24", "11")]
    public void Matches_an_ipv4_cidr(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    // nfdump masks host bits off: these are 10.0.0.0/8, 0.0.0.0/0 and 192.168.1.0/24
    [InlineData("net 10.1.2.3/8", "1 2 4 9")]
    [InlineData("net 1.2.3.4/0", "1 2 3 4 8 9 11")]
    [InlineData("src net 192.168.1.77/24", "3")]
    [InlineData("net 2001:db8::1/32", "5 6")]
    [InlineData("net 2001:db8:1::80/48", "5")]
    public void Masks_host_bits(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("net 10.0.0.0 255.0.0.0", "1 2 4 9")]
    [InlineData("net 172.16.0.0 255.240.0.0", "2")]
    [InlineData("dst net 10.0.0.0 255.255.255.255", "")]
    [InlineData("net 0.0.0.0 0.0.0.0", "1 2 3 4 8 9 11")]
    [InlineData("net 10.0.0.0 255.0.0.0 and tcp", "1 2 9")]
    public void Matches_an_ipv4_network_and_netmask(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("net 2001:db8::/32", "5 6")]
    [InlineData("net 2001:db8:1::/48", "5")]
    [InlineData("src net 2001:db8:1::/48", "")]
    [InlineData("net ::/0", "5 6 7 10")]
    [InlineData("dst net ::/1", "5 7")]
    [InlineData("net ::1/128", "7")]
    [InlineData("net ::/128", "10")]
    [InlineData("net ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "10")]
    [InlineData("net fe80::/10", "7")]
    [InlineData("net ff00::/8", "6 10")]
    public void Matches_an_ipv6_cidr(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));
}
