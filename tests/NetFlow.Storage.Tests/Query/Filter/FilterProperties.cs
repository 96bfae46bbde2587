using FsCheck.Xunit;
using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

/// <summary>
/// FsCheck properties: no text makes the parser throw anything but <see cref="FilterSyntaxException"/>,
/// and what parses runs in DuckDB. Fixed seeds: a run is the same run every time.
/// </summary>
public sealed class FilterProperties(FlowTable table) : IClassFixture<FlowTable>
{
    private static readonly int[] AllIds = Enumerable.Range(1, 12).ToArray();

    [Property(Arbitrary = [typeof(FilterArbitraries)], MaxTest = 3000, Replay = "(2870915412934021183,1416375590871390829)")]
    public void Any_text_parses_or_fails_with_a_syntax_error_at_a_column_inside_it(FilterNoise noise)
    {
        FilterExpression filter;
        try
        {
            filter = FlowFilter.Parse(noise.Text);
        }
        catch (FilterSyntaxException error)
        {
            error.Column.ShouldBeInRange(1, noise.Text.Length + 1);
            error.Message.ShouldContain($"column {error.Column}");
            error.FilterWithCaret().ShouldNotBeEmpty();
            return;
        }
        // Noise that happens to be a filter must still be valid SQL.
        table.Query(filter.ToSql());
    }

    [Property(Arbitrary = [typeof(FilterArbitraries)], MaxTest = 400, Replay = "(7339512011418843601,2442260219905574487)")]
    public void A_well_formed_filter_parses_and_runs(WellFormedFilter filter)
    {
        var sql = FlowFilter.Parse(filter.Text).ToSql();
        table.Query(sql);
    }

    [Property(Arbitrary = [typeof(FilterArbitraries)], MaxTest = 300, Replay = "(1190318835310291675,5095815707541622947)")]
    public void A_filter_and_its_negation_split_the_rows(WellFormedFilter filter)
    {
        var matched = table.MatchingIds(filter.Text);
        var unmatched = table.MatchingIds($"not ({filter.Text})");
        matched.Intersect(unmatched).ShouldBeEmpty();
        matched.Concat(unmatched).Order().ShouldBe(AllIds);
    }
}
