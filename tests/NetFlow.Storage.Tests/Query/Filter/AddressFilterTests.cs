namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>Address families, host/ip, src/dst combinations, lists, next hop and exporter.</summary>
public sealed class AddressFilterTests(FlowTable table) : IClassFixture<FlowTable>
{
    [Theory]
    [InlineData("ipv4", "1 2 3 4 8 9 11")]
    [InlineData("inet", "1 2 3 4 8 9 11")]
    [InlineData("ipv6", "5 6 7 10")]
    [InlineData("inet6", "5 6 7 10")]
    [InlineData("ipv4 or ipv6", "1 2 3 4 5 6 7 8 9 10 11")]
    public void Matches_the_address_family(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("host 10.0.0.1", "1 9")]
    [InlineData("ip 10.0.0.2", "2 9")]
    [InlineData("src host 10.0.0.2", "2")]
    [InlineData("dst ip 10.0.0.2", "9")]
    [InlineData("host 192.168.1.10", "1 3")]
    [InlineData("host 0.0.0.0", "8")]
    [InlineData("dst host 255.255.255.255", "8")]
    [InlineData("host 10.0.0.3", "")]
    [InlineData("host 2001:db8::1", "5")]
    [InlineData("dst host 2001:DB8:1:0::80", "5")]
    [InlineData("src host 2001:db8:1::80", "")]
    [InlineData("host ::1", "7")]
    [InlineData("host ::", "10")]
    [InlineData("dst host ::", "")]
    [InlineData("host ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "10")]
    [InlineData("host ::ffff:10.0.0.1", "")]
    // fe80::1 is row 5's next hop, which host does not look at
    [InlineData("host fe80::1", "7")]
    public void Matches_a_host(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("src and dst net 10.0.0.0/8", "4 9")]
    [InlineData("dst and src net 10.0.0.0/8", "4 9")]
    [InlineData("src or dst host 8.8.8.8", "3")]
    [InlineData("src and dst port 53", "3")]
    [InlineData("src or dst port 53", "3")]
    [InlineData("src and dst as 4294967295", "10")]
    public void Combines_src_and_dst(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("ip in [10.0.0.2 2001:db8::1, 8.8.8.8]", "2 3 5 9")]
    [InlineData("src ip in [10.0.0.1]", "1 9")]
    [InlineData("dst host in [::1 ff02::fb]", "6 7")]
    public void Matches_an_address_list(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("next ip 10.0.0.254", "1")]
    [InlineData("nexthop 192.0.2.254", "9")]
    [InlineData("next ip fe80::1", "5")]
    [InlineData("next host FE80::1", "5")]
    [InlineData("next net 192.0.2.0/24", "9")]
    [InlineData("next net fe80::/10", "5")]
    [InlineData("next ip 10.0.0.1", "")]
    public void Matches_the_next_hop(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("exporter 192.0.2.1", "1 2 9 12")]
    [InlineData("exporter 192.0.2.3", "8 11")]
    [InlineData("exporter 2001:DB8:0::FFFF", "5 6 7 10")]
    [InlineData("exporter 2001:0db8:0000:0000:0000:0000:0000:ffff", "5 6 7 10")]
    [InlineData("exporter 192.0.2.9", "")]
    public void Matches_the_exporter_in_its_stored_text_form(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));
}
