using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// The records of one data set of a fixed-length data template, back to back as on the wire:
/// record i is <see cref="Data"/>[i × length, (i + 1) × length). A view like <see cref="FlowRecord"/>:
/// nothing copied, the message context held by reference.
/// </summary>
public readonly ref struct RecordSet
{
    private readonly ref readonly MessageContext _context;

    internal RecordSet(in MessageContext context, Template template, ReadOnlySpan<byte> data, TemplateStore? templates)
    {
        _context = ref context;
        Template = template;
        Data = data;
        Templates = templates;
        Count = data.Length / template.FixedRecordLength;
    }

    public Template Template { get; }
    public int Count { get; }
    /// <summary><see cref="Count"/> records of <see cref="Template"/>'s fixed length.</summary>
    public ReadOnlySpan<byte> Data { get; }
    public MessageContext Context => _context;
    internal ref readonly MessageContext ContextRef => ref _context;
    internal TemplateStore? Templates { get; }

    /// <summary>Record <paramref name="index"/>, as the decoder would have handed it over alone.</summary>
    public FlowRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            int length = Template.FixedRecordLength;
            return new FlowRecord(in _context, Template, Data.Slice(index * length, length), Template.FixedBounds, Templates);
        }
    }
}
