using NetFlow.Storage.Query.Filter;

namespace NetFlow.Storage.Tests.Query.Filter;

public sealed class FilterSyntaxExceptionTests
{
    [Fact]
    public void Puts_a_caret_under_the_failing_column()
    {
        var error = Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse("proto tcp and port http"));
        error.FilterWithCaret().ShouldBe(
            "proto tcp and port http\n" +
            "                   ^");
    }

    [Fact]
    public void Puts_the_caret_past_the_end_when_the_filter_ends_early()
    {
        var error = Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse("src port"));
        error.FilterWithCaret().ShouldBe("src port\n        ^");
    }

    [Fact]
    public void Shows_tabs_and_line_breaks_as_spaces_so_the_caret_lines_up()
    {
        var error = Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse("tcp and\n\tfoo"));
        error.Column.ShouldBe(10);
        error.FilterWithCaret().ShouldBe("tcp and  foo\n         ^");
    }

    [Fact]
    public void Points_at_the_flag_letter_and_the_prefix_inside_a_word()
    {
        Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse("flags SXq")).FilterWithCaret()
            .ShouldBe("flags SXq\n        ^");
        Should.Throw<FilterSyntaxException>(() => FlowFilter.Parse("net 10.0.0.0/40")).FilterWithCaret()
            .ShouldBe("net 10.0.0.0/40\n             ^");
    }
}
