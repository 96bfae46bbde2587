using System.Net;

namespace NetFlow.Collector.Sinks.JsonLines;

/// <summary>
/// The exporter's address as text, made once per address rather than once per record. Records of
/// one exporter session share one <see cref="IPAddress"/> instance, so the last one is checked by
/// reference first. <see cref="IPAddress"/> keeps its own text once made, so the table matters
/// when the same exporter arrives as new instances (per connection, per restored session): one
/// string per address, found by value, not one per instance.
/// </summary>
internal sealed class ExporterNames
{
    /// <summary>Past this many addresses the table starts again, so a flood of sources cannot grow it without end.</summary>
    private const int MaxEntries = 65_536;

    private readonly Dictionary<IPAddress, string> _names = [];
    private IPAddress? _last;
    private string _lastName = "";

    public string Of(IPAddress address)
    {
        if (ReferenceEquals(address, _last))
            return _lastName;
        if (!_names.TryGetValue(address, out var name))
        {
            if (_names.Count >= MaxEntries)
                _names.Clear();
            name = address.ToString();
            _names.Add(address, name);
        }
        _last = address;
        _lastName = name;
        return name;
    }
}
