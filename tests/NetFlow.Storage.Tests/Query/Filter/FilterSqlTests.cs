using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>The shape of the SQL where it matters beyond which rows match: pruning and quoting.</summary>
public sealed class FilterSqlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("any")]
    public void The_empty_filter_is_true(string filter) =>
        FlowFilter.Parse(filter).ToSql().ShouldBe("TRUE");

    [Fact]
    public void A_network_is_a_range_that_row_group_statistics_can_prune() =>
        FlowFilter.Parse("dst net 10.1.2.3/8").ToSql().ShouldBe("(dst_ip4 BETWEEN 167772160 AND 184549375)");

    [Fact]
    public void An_ipv6_address_is_a_blob_literal() =>
        FlowFilter.Parse("src host ::1").ToSql().ShouldBe(
            @"(src_ip6 = '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01'::BLOB)");

    [Fact]
    public void An_ipv4_address_is_its_network_order_integer() =>
        FlowFilter.Parse("host 10.0.0.1").ToSql().ShouldBe("((src_ip4 = 167772161) OR (dst_ip4 = 167772161))");

    [Fact]
    public void The_exporter_is_compared_as_normalised_text() =>
        FlowFilter.Parse("exporter 2001:DB8:0:0::1").ToSql().ShouldBe("(exporter = '2001:db8::1')");

    [Fact]
    public void Text_literals_are_quoted() =>
        SqlEmitter.Emit(new Comparison("exporter", ComparisonOperator.Equal, new TextLiteral("a'b"))).ShouldBe("(exporter = 'a''b')");

    [Fact]
    public void Not_treats_a_missing_field_as_no_match() =>
        FlowFilter.Parse("not port 80").ToSql().ShouldBe("(((src_port = 80) OR (dst_port = 80)) IS NOT TRUE)");

    [Fact]
    public void Chains_stay_flat() =>
        FlowFilter.Parse("tcp or udp or icmp").ToSql().ShouldBe("((proto = 6) OR (proto = 17) OR (proto = 1))");
}
