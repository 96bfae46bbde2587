using System.Globalization;
using System.Net;

namespace NetFlow.Collector.Access;

/// <summary>
/// Sampling rates an operator states per exporter network ("192.0.2.0/24=1000"), for exporters
/// whose exports do not carry their rate. The longest matching prefix wins.
/// </summary>
public sealed class ConfiguredSampling
{
    private readonly (IPNetwork Network, uint Interval)[] _rates;

    public ConfiguredSampling(IEnumerable<string> rules)
    {
        _rates = rules.Select(Parse).OrderByDescending(r => r.Network.PrefixLength).ToArray();
    }

    public bool IsEmpty => _rates.Length == 0;

    /// <summary>The configured rate for an exporter, 0 when none applies.</summary>
    public uint For(IPAddress exporter)
    {
        if (exporter.IsIPv4MappedToIPv6)
            exporter = exporter.MapToIPv4();
        foreach (var (network, interval) in _rates)
        {
            if (network.Contains(exporter))
                return interval;
        }
        return 0;
    }

    public static (IPNetwork Network, uint Interval) Parse(string rule)
    {
        int eq = rule.LastIndexOf('=');
        if (eq <= 0 || !uint.TryParse(rule.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint interval) || interval == 0)
            throw new FormatException($"'{rule}': a sampling rule is CIDR=N with N >= 1 (e.g. 192.0.2.0/24=1000)");
        return (ExporterAllowList.Parse(rule[..eq]), interval);
    }
}
