using System.Text;

namespace NetFlow.Storage.Query.Filter;

/// <summary>A filter that does not parse, with the 1-based column where parsing stopped.</summary>
public sealed class FilterSyntaxException : FormatException
{
    public FilterSyntaxException(string filter, int column, string message)
        : base(message)
    {
        Filter = filter;
        Column = column;
    }

    /// <summary>The filter text as given.</summary>
    public string Filter { get; }

    /// <summary>1-based character column of the failure; one past the end when the filter ended too early.</summary>
    public int Column { get; }

    /// <summary>
    /// The filter on one line and a <c>^</c> under <see cref="Column"/>, for a terminal.
    /// Tabs and line breaks show as spaces so the caret stays under its character.
    /// </summary>
    public string FilterWithCaret()
    {
        var line = new StringBuilder(Filter.Length);
        foreach (char c in Filter)
            line.Append(char.IsControl(c) ? ' ' : c);
        return $"{line}\n{new string(' ', Math.Max(0, Column - 1))}^";
    }

    internal static FilterSyntaxException Expected(string filter, int column, string expected, string found) =>
        new(filter, column, $"expected {expected} at column {column}, found {found}");

    internal static FilterSyntaxException At(string filter, int column, string problem) =>
        new(filter, column, $"{problem} (column {column})");
}
