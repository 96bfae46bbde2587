using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>and / or / not, their precedence, parentheses, the symbol forms and case.</summary>
public sealed class LogicFilterTests(FlowTable table) : IClassFixture<FlowTable>
{
    [Theory]
    [InlineData("", "1 2 3 4 5 6 7 8 9 10 11 12")]
    [InlineData("   \t ", "1 2 3 4 5 6 7 8 9 10 11 12")]
    [InlineData("any", "1 2 3 4 5 6 7 8 9 10 11 12")]
    [InlineData("ANY", "1 2 3 4 5 6 7 8 9 10 11 12")]
    [InlineData("any and tcp", "1 2 5 9 10")]
    [InlineData("tcp", "1 2 5 9 10")]
    [InlineData("tcp and port 80", "1")]
    [InlineData("tcp or udp", "1 2 3 5 6 9 10")]
    [InlineData("tcp or udp or icmp", "1 2 3 4 5 6 9 10")]
    [InlineData("tcp and port 80 and dst as 15169", "1")]
    [InlineData("not tcp", "3 4 6 7 8 11 12")]
    [InlineData("not not tcp", "1 2 5 9 10")]
    [InlineData("((tcp))", "1 2 5 9 10")]
    public void Combines_terms(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    // not binds tighter than and, and tighter than or: ((not tcp) and port 80) or proto 47
    [InlineData("not tcp and port 80 or proto 47", "8 12")]
    [InlineData("!tcp && port 80 || proto 47", "8 12")]
    [InlineData("not (tcp and port 80 or proto 47)", "2 3 4 5 6 7 9 10 11 12")]
    [InlineData("not (tcp and port 80) or proto 47", "2 3 4 5 6 7 8 9 10 11 12")]
    [InlineData("udp and port 53 or port 80", "1 3 12")]
    [InlineData("udp and (port 53 or port 80)", "3")]
    [InlineData("tcp or udp and port 53", "1 2 3 5 9 10")]
    [InlineData("(tcp or udp) and port 53", "3")]
    [InlineData("tcp&&port 80||udp&&port 53", "1 3")]
    [InlineData("!(tcp||udp)", "4 7 8 11 12")]
    public void Applies_precedence_and_parentheses(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("PROTO TCP AND DST PORT 80", "1")]
    [InlineData("Src Net 10.0.0.0/8", "1 2 4 9")]
    [InlineData("tcp AnD NoT FLAGS s", "5 10")]
    [InlineData("Proto IPV6-ICMP", "7")]
    public void Keywords_are_case_insensitive(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    // Rows 4, 7, 8 and 11 carry no ports: they do not match "src port 80", so they match its negation.
    [InlineData("not src port 80", "1 2 3 4 5 6 7 8 9 10 11")]
    // ... but an explicit comparison needs a port to compare.
    [InlineData("src port != 80", "1 2 3 5 6 9 10")]
    [InlineData("not ipv4", "5 6 7 10 12")]
    [InlineData("not (bytes > 1000 or packets > 1)", "2 4 7 8 12")]
    public void Not_matches_rows_that_lack_the_field(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));
}
