using System.Buffers.Binary;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// Reads the records of an RFC 6313 subTemplateList (§4.5.2: semantic, template id, records) or
/// subTemplateMultiList (§4.5.3: semantic, then blocks of template id, length, records), resolving
/// templates in the parent record's session and domain.
/// </summary>
public ref struct SubTemplateListReader
{
    /// <summary>Lists inside lists beyond this depth are refused, so a hostile nesting cannot recurse without end.</summary>
    public const int MaxDepth = 8;

    private readonly FlowRecord _parent;
    private readonly bool _multi;
    private ReadOnlySpan<byte> _content;   // what is left of the whole list
    private ReadOnlySpan<byte> _block;     // what is left of the current block's records
    private Template? _template;

    public SubTemplateListReader(in FlowRecord parent, FieldValue list)
    {
        _parent = parent;
        _multi = list.Element.DataType == InformationElements.IeDataType.SubTemplateMultiList;
        var b = list.Bytes;
        Status = DecodeStatus.Ok;
        if (parent.ListDepth >= MaxDepth || b.Length < 1)
        {
            Status = DecodeStatus.BadList;
            return;
        }
        Semantic = (ListSemantic)b[0];
        _content = b[1..];
        if (!_multi)
        {
            if (_content.Length < 2)
            {
                Status = DecodeStatus.BadList;
                return;
            }
            TemplateId = BinaryPrimitives.ReadUInt16BigEndian(_content);
            _block = _content[2..];
            _content = default;
            if (!ResolveTemplate(TemplateId))
                _block = default;
        }
    }

    public ListSemantic Semantic { get; }
    /// <summary>The template of the records read last (the list's only one for a subTemplateList).</summary>
    public ushort TemplateId { get; private set; }
    /// <summary>Ok while reading and at a clean end; BadList or TemplateMissing otherwise.</summary>
    public DecodeStatus Status { get; private set; }

    public bool TryReadNext(out FlowRecord record)
    {
        record = default;
        while (Status == DecodeStatus.Ok)
        {
            if (_template is not null && _block.Length > 0 && _block.Length >= _template.MinimumRecordLength)
                return ReadRecord(out record);
            if (!_multi || !NextBlock())
                return false;
        }
        return false;
    }

    private bool ReadRecord(out FlowRecord record)
    {
        var template = _template!;
        int length;
        ReadOnlySpan<int> bounds;
        if (template.FixedBounds is { } fixedBounds)
        {
            length = template.FixedRecordLength;
            bounds = fixedBounds;
        }
        else
        {
            // A fresh array per record: a record handed out earlier keeps its own field bounds
            // when the caller reads the next one. Lists are not the hot path.
            var own = new int[template.Fields.Length * 2];
            length = RecordLayout.Measure(template, _block, own);
            bounds = own;
        }
        if (length <= 0 || length > _block.Length)
        {
            Status = DecodeStatus.BadList;
            record = default;
            return false;
        }
        record = new FlowRecord(in _parent.ContextRef, template, _block[..length], bounds, _parent.Templates, _parent.ListDepth + 1);
        _block = _block[length..];
        return true;
    }

    private bool NextBlock()
    {
        if (_content.IsEmpty)
            return false;
        if (_content.Length < 4)
        {
            Status = DecodeStatus.BadList;
            return false;
        }
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(_content);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_content[2..]);
        if (length < 4 || length > _content.Length)
        {
            Status = DecodeStatus.BadList;
            return false;
        }
        TemplateId = id;
        _block = _content[4..length];
        _content = _content[length..];
        if (!ResolveTemplate(id))
            _block = default;
        return true;
    }

    private bool ResolveTemplate(ushort id)
    {
        var t = _parent.Template;
        if (_parent.Templates is { } store && store.TryGet(t.Version, t.Domain, id, out var template) && template.MinimumRecordLength > 0)
        {
            _template = template;
            return true;
        }
        Status = DecodeStatus.TemplateMissing;
        _template = null;
        return false;
    }
}
