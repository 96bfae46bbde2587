using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Sessions;

/// <summary>A template as it was sent, enough to rebuild it after a restart.</summary>
public sealed record TemplateSnapshot(ushort Version, uint Domain, ushort TemplateId, TemplateKind Kind, byte[] WireBytes, DateTime LastSeenUtc);

/// <summary>A sampling rate learned from options data: of one sampler, or (null id) of the whole domain.</summary>
public sealed record SamplingSnapshot(ushort Version, uint Domain, ulong? SamplerId, uint Interval);

public sealed partial class ExporterSession
{
    /// <summary>Every template this session holds, as sent on the wire: what a state file keeps.</summary>
    public IReadOnlyList<TemplateSnapshot> ExportTemplates() =>
        Templates.All.Select(t => new TemplateSnapshot(t.Version, t.Domain, t.Id, t.Kind, t.WireBytes, t.LastSeenUtc)).ToList();

    /// <summary>Every sampling rate this session learned from options data: what a state file keeps beside the templates.</summary>
    public IReadOnlyList<SamplingSnapshot> ExportSampling() =>
        _domains.Values.SelectMany(d => d.SamplingRates.Select(r => new SamplingSnapshot(d.Version, d.Id, r.SamplerId, r.Interval))).ToList();

    /// <summary>Puts back a sampling rate saved by <see cref="ExportSampling"/>; false if the domain limit is reached.</summary>
    public bool RestoreSampling(SamplingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Interval == 0 || DomainFor(snapshot.Version, snapshot.Domain) is not { } domain)
            return false;
        domain.LearnSamplingInterval(snapshot.SamplerId, snapshot.Interval);
        return true;
    }

    /// <summary>
    /// Rebuilds a template from a snapshot by parsing its wire bytes exactly as if the exporter had
    /// sent them again, so a restored template is checked and limited like a received one.
    /// Returns false if the bytes do not make a valid template.
    /// </summary>
    public bool RestoreTemplate(TemplateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var header = new MessageHeader(snapshot.Version, 0, 0, 0, 0, 0, snapshot.Domain);
        var context = new MessageContext(Exporter, header);
        var ignore = new IgnoringHandler();
        switch (snapshot.Version, snapshot.Kind)
        {
            case (9, TemplateKind.Data):
                DecodeV9Templates(snapshot.WireBytes, 0, in context, snapshot.LastSeenUtc, ref ignore);
                break;
            case (9, TemplateKind.Options):
                DecodeV9OptionsTemplates(snapshot.WireBytes, 0, in context, snapshot.LastSeenUtc, ref ignore);
                break;
            case (10, _):
                DecodeIpfixTemplates(snapshot.WireBytes, 0, snapshot.Kind == TemplateKind.Options, in context, snapshot.LastSeenUtc, ref ignore);
                break;
            default:
                return false;
        }
        return Templates.TryGet(snapshot.Version, snapshot.Domain, snapshot.TemplateId, out var t) && t.Kind == snapshot.Kind;
    }

    private struct IgnoringHandler : IFlowRecordHandler
    {
        public readonly void OnRecord(in FlowRecord record) { }
        public readonly void OnError(in DecodeError error) { }
    }
}
