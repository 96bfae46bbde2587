namespace NetFlow.Integration.Tests.Differential;

/// <summary>The comparison itself must catch what it is there to catch (no peers needed).</summary>
public sealed class FlowViewComparisonTests
{
    private static readonly FlowView Record = new(
        "10.1.0.1", "10.2.0.80", 6, 40001, 80, null, 520, 8, 0x1b,
        new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc), new DateTime(2024, 3, 1, 12, 0, 0, 126, DateTimeKind.Utc));

    [Fact]
    public void Equal_multisets_in_any_order_agree()
    {
        var other = Record with { Source = "10.2.0.80", Destination = "10.1.0.1", SourcePort = 80, DestinationPort = 40001 };

        FlowViewComparison.Mismatches([Record, other, Record], [other, Record, Record], "peer").ShouldBeEmpty();
    }

    [Fact]
    public void A_duplicate_on_one_side_is_a_mismatch()
    {
        FlowViewComparison.Mismatches([Record, Record], [Record], "peer")
            .ShouldHaveSingleItem().ShouldStartWith("only in ours");
    }

    [Fact]
    public void Each_differing_field_is_named_with_both_values()
    {
        var theirs = Record with { Octets = 521, End = Record.End!.Value.AddMilliseconds(1), TcpFlags = null };

        var problem = FlowViewComparison.Mismatches([Record], [theirs], "peer").ShouldHaveSingleItem();

        problem.ShouldContain("octets: ours 520, peer 521");
        problem.ShouldContain("tcp flags: ours 27, peer -");
        problem.ShouldContain("end: ours 2024-03-01T12:00:00.1260000Z, peer 2024-03-01T12:00:00.1270000Z");
    }

    [Fact]
    public void A_missing_field_differs_from_zero()
    {
        FlowViewComparison.Mismatches([Record with { SourcePort = null }], [Record with { SourcePort = 0 }], "peer")
            .ShouldHaveSingleItem().ShouldContain("source port: ours -, peer 0");
    }

    [Theory]
    [InlineData("...AP.SF", 0x1b)]
    [InlineData("........", 0)]
    [InlineData("CEUAPRSF", 0xff)]
    public void Nfdump_flag_strings_map_to_bits(string text, int bits) => NfdumpRecord.TcpFlags(text).ShouldBe(bits);
}
