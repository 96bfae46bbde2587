using System.Text;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// A CSV result with a header line: `netflow query -o csv`, or the flow or statistics part of
/// `nfdump -o csv` (which ends at its first empty line or "Summary", before the totals block).
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string source)
    {
        Header = header;
        Rows = rows;
        Source = source;
        _index = header.Select((name, i) => (name, i)).GroupBy(c => c.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }
    /// <summary>The command line and its output, for failure messages.</summary>
    public string Source { get; }

    public int Column(string name) =>
        _index.TryGetValue(name, out var i) ? i : throw new InvalidOperationException($"no column '{name}' in [{string.Join(',', Header)}] of {Source}");

    public bool HasColumn(string name) => _index.ContainsKey(name);

    public static CsvTable Parse(string text, string source)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int first = lines.FindIndex(l => l.Length > 0);
        if (first < 0)
            throw new InvalidOperationException($"no CSV header in the output of {source}");
        var header = Split(lines[first]);
        var rows = new List<string[]>();
        foreach (var line in lines.Skip(first + 1))
        {
            if (line.Length == 0 || line == "Summary")
                break; // nfdump's totals block follows
            var cells = Split(line);
            if (cells.Length != header.Length)
                throw new InvalidOperationException($"CSV line has {cells.Length} cells, the header {header.Length}: '{line}' in {source}");
            rows.Add(cells);
        }
        return new CsvTable(header, rows, source);
    }

    /// <summary>RFC 4180 fields: quoted when they hold a comma or a quote (a doubled quote inside).</summary>
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        cells.Add(cell.ToString().Trim());
        return [.. cells];
    }
}
