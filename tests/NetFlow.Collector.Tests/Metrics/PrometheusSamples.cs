using System.Globalization;

namespace NetFlow.Collector.Tests.Metrics;

/// <summary>One sample line of the Prometheus text format: name{labels} value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A scrape parsed just enough to look values up (the label values we use have no escapes but \").</summary>
internal sealed class PrometheusSamples
{
    public PrometheusSamples(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            Samples.Add(ParseLine(line));
        }
    }

    public string Text { get; }
    public List<PrometheusSample> Samples { get; } = [];

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all those given; null if none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Matching(name, labels).ToList();
        if (matches.Count > 1)
            throw new InvalidOperationException($"{matches.Count} samples of {name} match {string.Join(',', labels)}");
        return matches.Count == 1 ? matches[0].Value : null;
    }

    public IEnumerable<PrometheusSample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        int brace = line.IndexOf('{', StringComparison.Ordinal);
        int space;
        string name;
        if (brace >= 0)
        {
            name = line[..brace];
            int i = brace + 1;
            while (line[i] != '}')
            {
                int equals = line.IndexOf('=', i);
                var label = line[i..equals].Trim(',', ' ');
                var value = new System.Text.StringBuilder();
                int j = equals + 2; // past ="
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                        j++;
                    value.Append(line[j]);
                }
                labels[label] = value.ToString();
                i = j + 1;
                if (line[i] == ',')
                    i++;
            }
            space = i + 1;
        }
        else
        {
            space = line.IndexOf(' ', StringComparison.Ordinal);
            name = line[..space];
        }
        var valueText = line[space..].Trim().Split(' ')[0];
        double parsed = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, parsed);
    }
}
