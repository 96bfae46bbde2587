namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>Byte and packet counters with k/M/G, the computed rates, duration, and TCP flags.</summary>
public sealed class CounterFilterTests(FlowTable table) : IClassFixture<FlowTable>
{
    [Theory]
    [InlineData("bytes 1500", "1")]
    [InlineData("bytes 999", "6")]
    [InlineData("bytes > 1000", "1 3 5 9 10 11")]
    [InlineData("bytes >= 1k", "1 3 5 8 9 10 11")]
    [InlineData("bytes < 100", "2 4")]
    [InlineData("bytes 1k", "8")]
    [InlineData("bytes 1K", "8")]
    [InlineData("bytes 1m", "9")]
    [InlineData("bytes 1M", "9")]
    [InlineData("bytes 2M", "3")]
    [InlineData("bytes 1G", "10")]
    [InlineData("bytes 5g", "5")]
    [InlineData("bytes > 1G", "5")]
    [InlineData("bytes 18446744073709551615", "")]
    [InlineData("packets 1", "2 4 7 8 11")]
    [InlineData("packets > 1M", "5 10")]
    [InlineData("packets >= 1k", "3 5 9 10")]
    [InlineData("packets 4m", "5")]
    public void Matches_counters_with_unit_suffixes(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    // bytes per packet: 500 60 1000 84 1250 333 104 1000 1000 999 1001 and NULL for row 12
    [InlineData("bpp 1000", "3 8 9")]
    [InlineData("bpp > 1000", "5 11")]
    [InlineData("bpp < 100", "2 4")]
    // duration (ms): 1000 0 2000 0 10000 500 0 0 1000 1000 0 and NULL
    [InlineData("duration > 1000", "3 5")]
    [InlineData("duration 0", "2 4 7 8 11")]
    [InlineData("duration >= 1k", "1 3 5 9 10")]
    // bits per second, NULL at zero duration: 12000, 8M, 4G, 15984, 8M, 8G
    [InlineData("bps > 1M", "3 5 9 10")]
    [InlineData("bps 8M", "3 9")]
    [InlineData("bps < 20k", "1 6")]
    // packets per second: 3, 1000, 400000, 6, 1000, 1000001
    [InlineData("pps 1000", "3 9")]
    [InlineData("pps > 1000", "5 10")]
    [InlineData("pps < 10", "1 6")]
    public void Matches_computed_rates(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));

    [Theory]
    [InlineData("flags S", "1 2 9")]
    [InlineData("flags SA", "1 9")]
    [InlineData("flags AS", "1 9")]
    [InlineData("flags sa", "1 9")]
    [InlineData("flags A", "1 5 9 10")]
    [InlineData("flags F", "9 10")]
    [InlineData("flags PA", "5 9")]
    [InlineData("flags U", "9")]
    [InlineData("flags R", "9")]
    [InlineData("flags X", "9")]
    [InlineData("flags EC", "9")]
    [InlineData("flags FA", "9 10")]
    [InlineData("not flags S", "3 4 5 6 7 8 10 11 12")]
    public void Matches_when_all_listed_flags_are_set(string filter, string expected) =>
        table.MatchingIds(filter).ShouldBe(FlowTable.Ids(expected));
}
