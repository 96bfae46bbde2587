using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>Every error the parser raises: the column it points at and what it says.</summary>
public sealed class FilterErrorTests
{
    [Theory]
    // values out of their column's range, or not numbers
    [InlineData("proto tcp and port http", 20, "expected a port number (0-65535) at column 20, found 'http'")]
    [InlineData("port 65536", 6, "a port number (0-65535)")]
    [InlineData("port 80k", 6, "a port number (0-65535)")]
    [InlineData("port -1", 6, "a port number")]
    [InlineData("proto 256", 7, "a protocol name (tcp, udp, icmp, icmp6, gre, esp, ah, sctp) or number (0-255)")]
    [InlineData("proto foo", 7, "found 'foo'")]
    [InlineData("proto", 6, "found end of filter")]
    [InlineData("as 4294967296", 4, "an AS number (0-4294967295)")]
    [InlineData("if 4294967296", 4, "an interface index (0-4294967295)")]
    [InlineData("vlan 4096", 6, "a VLAN id (0-4095)")]
    [InlineData("src mask 129", 10, "a prefix length (0-128)")]
    [InlineData("tos 256", 5, "a ToS value (0-255)")]
    [InlineData("version 256", 9, "a NetFlow version (0-255)")]
    [InlineData("domain 4294967296", 8, "an observation domain id (0-4294967295)")]
    [InlineData("sampling x", 10, "a sampling interval")]
    [InlineData("icmp-type 256", 11, "an ICMP type (0-255)")]
    [InlineData("icmp-code 300", 11, "an ICMP code (0-255)")]
    [InlineData("direction sideways", 11, "'ingress', 'egress' or a direction number (0-255)")]
    [InlineData("bytes > 99999999999999999999", 9, "a byte count (0-18446744073709551615, k/M/G suffix allowed)")]
    [InlineData("bytes 20000000000G", 7, "a byte count")]
    [InlineData("packets 1T", 9, "a packet count")]
    [InlineData("bpp k", 5, "a bytes-per-packet value")]
    [InlineData("bps 1.5M", 5, "a bits-per-second value")]
    [InlineData("pps", 4, "a packets-per-second value")]
    [InlineData("duration 9223372036854775808", 10, "a duration in milliseconds (0-9223372036854775807")]
    [InlineData("port = = 80", 8, "found '='")]
    public void Rejects_a_bad_number(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    [InlineData("host 10.0.0.256", 6, "expected an IPv4 or IPv6 address at column 6, found '10.0.0.256'")]
    [InlineData("host 10.0.0", 6, "an IPv4 or IPv6 address")]
    [InlineData("host 10", 6, "an IPv4 or IPv6 address")]
    [InlineData("host fe80::1%eth0", 6, "an IPv4 or IPv6 address")]
    [InlineData("host 2001:db8:::1", 6, "an IPv4 or IPv6 address")]
    [InlineData("host 10.0.0.0/8", 6, "(a network needs 'net')")]
    [InlineData("host 2001:db8::1/64", 6, "(a network needs 'net')")]
    [InlineData("src host", 9, "found end of filter")]
    [InlineData("ip in [10.0.0.1 x]", 17, "an IPv4 or IPv6 address")]
    [InlineData("nexthop me", 9, "an IPv4 or IPv6 address")]
    [InlineData("exporter 1.2.3", 10, "an exporter IPv4 or IPv6 address")]
    public void Rejects_a_bad_address(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    [InlineData("net 10.0.0.0/33", 14, "expected a prefix length (0-32) at column 14, found '33'")]
    [InlineData("net 2001:db8::/129", 16, "a prefix length (0-128)")]
    [InlineData("net 10.0.0.0/", 14, "found nothing")]
    [InlineData("net 10.0.0.0/x8", 14, "a prefix length (0-32)")]
    [InlineData("net 10.0.0.0", 13, "a netmask (e.g. 255.255.0.0) after the network address, or a /prefix on it")]
    [InlineData("net 10.0.0.0 and tcp", 14, "a netmask")]
    [InlineData("net 10.0.0.0 255.0.255.0", 14, "a contiguous netmask")]
    [InlineData("net 2001:db8::", 5, "an IPv6 network with a /prefix")]
    [InlineData("net foo", 5, "a network (e.g. 10.0.0.0/8")]
    [InlineData("net 10.0.0.300/8", 5, "a network")]
    [InlineData("net 1.2.3.4.5/8", 5, "a network")]
    [InlineData("net fe80::%1/10", 5, "a network")]
    [InlineData("net", 4, "found end of filter")]
    public void Rejects_a_bad_network(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    [InlineData("foo", 1, "expected a filter term (proto, host, net, port, as, if, flags, bytes, packets, ... or '(') at column 1, found 'foo'")]
    [InlineData("tcp and", 8, "expected a filter term")]
    [InlineData("tcp and or udp", 9, "found 'or'")]
    [InlineData("not", 4, "found end of filter")]
    [InlineData("()", 2, "found ')'")]
    [InlineData("&& tcp", 1, "found '&&'")]
    [InlineData("[80]", 1, "found '['")]
    [InlineData("tcp udp", 5, "expected 'and', 'or' or end of filter at column 5, found 'udp'")]
    [InlineData("tcp)", 4, "expected 'and', 'or' or end of filter at column 4, found ')'")]
    [InlineData("(tcp", 5, "expected 'and', 'or' or ')' for the '(' at column 1 at column 5, found end of filter")]
    [InlineData("(tcp or (udp)", 14, "')' for the '(' at column 1")]
    [InlineData("tcp & udp", 5, "found '&'")]
    [InlineData("tcp | udp", 5, "found '|'")]
    [InlineData("src 10.0.0.1", 5, "expected 'host', 'ip', 'net', 'port', 'as', 'vlan' or 'mask' after 'src'")]
    [InlineData("dst", 4, "after 'dst'")]
    [InlineData("src and dst", 12, "after 'src'")]
    [InlineData("src and tcp", 5, "found 'and'")]
    [InlineData("in 3", 4, "expected 'if' after 'in'")]
    [InlineData("out", 4, "'if' after 'out'")]
    [InlineData("next 10.0.0.1", 6, "expected 'ip', 'host' or 'net' after 'next'")]
    [InlineData("flows > 10", 1, "flows is not a per-record field")]
    [InlineData("tcp and flows 1", 9, "flows is not a per-record field")]
    public void Rejects_bad_structure(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    [InlineData("port in [80 http]", 13, "a port number (0-65535)")]
    [InlineData("port in [80", 12, "a port number (0-65535) or ']'")]
    [InlineData("port in [80 (", 13, "or ']'")]
    [InlineData("port in []", 10, "found ']'")]
    [InlineData("port in [80,]", 13, "found ']'")]
    [InlineData("port in 80", 6, "a port number (0-65535)")]
    public void Rejects_a_bad_list(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    [InlineData("flags SAZ", 9, "expected a TCP flag letter (U A P R S F E C, or X) at column 9, found 'Z'")]
    [InlineData("flags 2", 7, "a TCP flag letter")]
    [InlineData("flags", 6, "expected TCP flag letters (U A P R S F E C, or X for UAPRSF)")]
    [InlineData("flags (S)", 7, "TCP flag letters")]
    public void Rejects_bad_flags(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Theory]
    // Unicode case folding maps these to ASCII letters; keywords, flags and suffixes are ASCII only.
    [InlineData("proto \u017Fctp", 7, "a protocol name")]
    [InlineData("\u0130f 3", 1, "a filter term")]
    [InlineData("flags \u017F", 7, "a TCP flag letter")]
    [InlineData("bytes 1\u212A", 7, "a byte count")]
    [InlineData("port \u0661\u0662", 6, "a port number")]
    public void Rejects_unicode_look_alikes(string filter, int column, string message) =>
        AssertRejected(filter, column, message);

    [Fact]
    public void Rejects_nesting_deeper_than_64()
    {
        AssertRejected(new string('(', 65) + "tcp" + new string(')', 65), 65, "nests deeper than 64");
        AssertRejected(string.Concat(Enumerable.Repeat("not ", 65)) + "tcp", 257, "nests deeper than 64");
        FlowFilter.Parse(new string('(', 64) + "tcp" + new string(')', 64)).ShouldNotBeNull();
    }

    private static void AssertRejected(string filter, int column, string message)
    {
        var error = Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse(filter));
        error.Message.ShouldContain(message);
        error.Column.ShouldBe(column, error.Message);
        error.Message.ShouldContain($"column {column}");
        error.Filter.ShouldBe(filter);
    }
}
