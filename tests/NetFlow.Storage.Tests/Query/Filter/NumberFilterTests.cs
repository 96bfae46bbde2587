using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>Protocol, ports with every operator, AS, interfaces, VLAN, mask, ToS, direction, header fields.</summary>
public sealed class NumberFilterTests(FlowTable table) : IClassFixture<FlowTable>
{
    [Theory]
    [InlineData("proto tcp", "1 2 5 9 10")]
    [InlineData("proto 6", "1 2 5 9 10")]
    [InlineData("udp", "3 6")]
    [InlineData("proto 17", "3 6")]
    [InlineData("icmp", "4")]
    [InlineData("proto icmp6", "7")]
    [InlineData("icmp6", "7")]
    [InlineData("proto ipv6-icmp", "7")]
    [InlineData("proto gre", "8")]
    [InlineData("proto esp", "11")]
    [InlineData("proto sctp", "12")]
    [InlineData("proto ah", "")]
    [InlineData("proto 0", "")]
    [InlineData("proto 255", "")]
    public void Matches_the_protocol(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("tcp", 6)]
    [InlineData("udp", 17)]
    [InlineData("icmp", 1)]
    [InlineData("icmp6", 58)]
    [InlineData("ipv6-icmp", 58)]
    [InlineData("gre", 47)]
    [InlineData("esp", 50)]
    [InlineData("ah", 51)]
    [InlineData("sctp", 132)]
    public void A_protocol_name_is_its_number(string name, int number) =>
        FlowFilter.Parse($"proto {name}").ToSql().ShouldBe(FlowFilter.Parse($"proto {number}").ToSql());

    [Theory]
    [InlineData("port 80", "1 12")]
    [InlineData("port 443", "2 5")]
    [InlineData("src port 53", "3")]
    [InlineData("dst port 443", "5")]
    [InlineData("port 0", "10")]
    [InlineData("port 65535", "9")]
    [InlineData("src port = 443", "2")]
    [InlineData("src port == 443", "2")]
    [InlineData("src port eq 443", "2")]
    [InlineData("dst port != 80", "2 3 5 6 9 10")]
    [InlineData("dst port ne 80", "2 3 5 6 9 10")]
    [InlineData("dst port > 1024", "2 6 9 10")]
    [InlineData("dst port gt 1024", "2 6 9 10")]
    [InlineData("dst port>1024", "2 6 9 10")]
    [InlineData("src port < 1024", "2 3 9 10 12")]
    [InlineData("src port lt 1024", "2 3 9 10 12")]
    [InlineData("src port <= 53", "3 9 10")]
    [InlineData("src port le 53", "3 9 10")]
    [InlineData("src port >= 5353", "1 6")]
    [InlineData("src port GE 5353", "1 6")]
    [InlineData("port in [80 443 8080]", "1 2 5 10 12")]
    [InlineData("dst port in [53, 5353]", "3 6")]
    [InlineData("src port in [22]", "9")]
    public void Matches_ports(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("as 65001", "1 2 9")]
    [InlineData("src as 65001", "1 2")]
    [InlineData("dst as 15169", "1 3")]
    [InlineData("as 4294967295", "9 10")]
    [InlineData("dst as 4294967295", "10")]
    [InlineData("as 0", "3 6")]
    [InlineData("src as > 65000", "1 2 9 10")]
    [InlineData("as in [3356 64513]", "2 5 6")]
    public void Matches_as_numbers(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("in if 1", "1 4")]
    [InlineData("out if 2", "1 3")]
    [InlineData("if 2", "1 2 3")]
    [InlineData("if 0", "8")]
    [InlineData("if 6", "5")]
    [InlineData("in if > 3", "5 6")]
    [InlineData("out if in [3 6]", "4 5")]
    public void Matches_interfaces(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("vlan 10", "1 2")]
    [InlineData("dst vlan 20", "1")]
    [InlineData("src vlan 30", "5")]
    [InlineData("src and dst vlan 30", "5")]
    [InlineData("src mask 24", "1 2")]
    [InlineData("dst mask 24", "3")]
    [InlineData("mask 24", "1 2 3")]
    [InlineData("mask 64", "5")]
    [InlineData("dst mask < 16", "2")]
    [InlineData("tos 0", "1 3")]
    [InlineData("tos 184", "6")]
    [InlineData("tos > 0", "2 6")]
    [InlineData("direction 0", "1 3")]
    [InlineData("direction ingress", "1 3")]
    [InlineData("direction egress", "2 5")]
    [InlineData("direction 1", "2 5")]
    [InlineData("direction != 0", "2 5")]
    public void Matches_vlan_mask_tos_and_direction(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("version 9", "1 2 7 9")]
    [InlineData("version 5", "8 11")]
    [InlineData("version 10", "3 4 5 6 10 12")]
    [InlineData("domain 7", "3 4")]
    [InlineData("domain 0", "1 2")]
    [InlineData("domain 4294967295", "11")]
    [InlineData("sampling 1000", "11")]
    [InlineData("sampling > 1", "3 11")]
    [InlineData("icmp-type 8", "4")]
    [InlineData("icmp-type 128", "7")]
    [InlineData("icmp-code 0", "4 7")]
    public void Matches_header_and_icmp_fields(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));
}
