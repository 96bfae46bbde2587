using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Messages;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// One decoded record as a view: the template, the record's bytes and where each field lies.
/// Nothing is copied or allocated; values are read from the bytes when asked for.
/// </summary>
public readonly ref partial struct FlowRecord
{
    private readonly ReadOnlySpan<int> _bounds;

    /// <param name="context">Held by reference, not copied (it is large and records are made per record): it must outlive the view.</param>
    internal FlowRecord(in MessageContext context, Template template, ReadOnlySpan<byte> data, ReadOnlySpan<int> bounds,
        TemplateStore? templates, int listDepth = 0)
    {
        _context = ref context;
        Template = template;
        Data = data;
        _bounds = bounds;
        Templates = templates;
        ListDepth = listDepth;
    }

    private readonly ref readonly MessageContext _context;

    public MessageContext Context => _context;
    public MessageHeader Header => _context.Header;

    /// <summary>The context without a copy: for comparing records' messages per record.</summary>
    internal ref readonly MessageContext ContextRef => ref _context;
    public Template Template { get; }
    /// <summary>The record's bytes as on the wire (variable-length prefixes included).</summary>
    public ReadOnlySpan<byte> Data { get; }
    public bool IsOptions => Template.Kind == TemplateKind.Options;
    public int FieldCount => Template.Fields.Length;
    /// <summary>Templates of the session, for RFC 6313 sub-template lists inside this record.</summary>
    internal TemplateStore? Templates { get; }
    internal int ListDepth { get; }
    /// <summary>Start/end pairs of every field within <see cref="Data"/>.</summary>
    internal ReadOnlySpan<int> Bounds => _bounds;

    public FieldValue this[int index]
    {
        get
        {
            int start = _bounds[2 * index];
            int end = _bounds[2 * index + 1];
            return new FieldValue(Template.Fields[index].Element, Data[start..end]);
        }
    }

    public InformationElement ElementAt(int index) => Template.Fields[index].Element;

    /// <summary>The first field that holds the given IANA (or enterprise) element; -1 if none.</summary>
    public int IndexOf(ushort id, uint enterpriseNumber = 0) => Template.IndexOf(id, enterpriseNumber);

    public bool TryGetUInt64(ushort id, out ulong value)
    {
        int i = IndexOf(id);
        if (i >= 0)
            return this[i].TryGetUInt64(out value);
        value = 0;
        return false;
    }
}
