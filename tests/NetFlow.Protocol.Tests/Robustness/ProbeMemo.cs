using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Remembers which records a batch has already read through every accessor. Cutting a packet at
/// each of its 1500 offsets hands out the same leading records 1500 times; reading a record is a
/// pure function of its bytes, its template, its header and the session's templates, so one full
/// read per distinct combination is enough (every record is still located and bounds-checked).
/// </summary>
internal sealed class ProbeMemo
{
    private readonly HashSet<(int, int)> _seen = [];

    public bool FirstTime(in FlowRecord record, ExporterSession session)
    {
        // Two differently primed hashes: 64 bits, so a batch's distinct records never collide in practice.
        var a = new HashCode();
        var b = new HashCode();
        b.Add(0x2545F491);
        var template = record.Template;
        var header = record.Header;
        var counters = session.Counters;
        Add(ref a, ref b, record.Data);
        Add(ref a, ref b, template.WireBytes.AsSpan());
        Add(ref a, ref b, (template.Version, template.Domain, template.Id, template.Kind, template.ScopeFieldCount));
        Add(ref a, ref b, (header.Version, header.SysUptimeMs, header.ExportSeconds, header.ExportNanoseconds, header.Domain));
        Add(ref a, ref b, record.Context.Domain?.SystemInitTimeUtc);
        // What sub-template lists resolve against: the templates the session holds.
        Add(ref a, ref b, (session.Templates.Count, counters.TemplatesAdded, counters.TemplatesReplaced, counters.TemplatesWithdrawn));
        return _seen.Add((a.ToHashCode(), b.ToHashCode()));
    }

    private static void Add(ref HashCode a, ref HashCode b, ReadOnlySpan<byte> bytes)
    {
        a.Add(bytes.Length);
        a.AddBytes(bytes);
        b.Add(bytes.Length);
        b.AddBytes(bytes);
    }

    private static void Add<T>(ref HashCode a, ref HashCode b, T value)
    {
        a.Add(value);
        b.Add(value);
    }
}
