using System.Buffers.Binary;
using NetFlow.Protocol.InformationElements;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Records;

/// <summary>
/// Reads an RFC 6313 §4.5.1 basicList: semantic, field id (enterprise bit), element length,
/// optional enterprise number, then the elements. Stops with a status, never throws.
/// </summary>
public ref struct BasicListReader
{
    private readonly ReadOnlySpan<byte> _content;
    private readonly ushort _elementLength;
    private int _offset;

    public BasicListReader(FieldValue list)
    {
        var b = list.Bytes;
        Status = DecodeStatus.Ok;
        if (b.Length < 5)
        {
            Status = DecodeStatus.BadList;
            Element = InformationElementRegistry.ForIpfix(0, 0);
            return;
        }
        Semantic = (ListSemantic)b[0];
        ushort rawId = BinaryPrimitives.ReadUInt16BigEndian(b[1..]);
        _elementLength = BinaryPrimitives.ReadUInt16BigEndian(b[3..]);
        int header = 5;
        uint pen = 0;
        if ((rawId & 0x8000) != 0)
        {
            if (b.Length < 9)
            {
                Status = DecodeStatus.BadList;
                Element = InformationElementRegistry.ForIpfix(0, 0);
                return;
            }
            pen = BinaryPrimitives.ReadUInt32BigEndian(b[5..]);
            header = 9;
        }
        Element = InformationElementRegistry.ForIpfix(pen, (ushort)(rawId & 0x7FFF));
        _content = b[header..];
        if (_elementLength == 0 && _content.Length > 0)
            Status = DecodeStatus.BadList; // zero-length elements would never advance
    }

    public ListSemantic Semantic { get; }
    public InformationElement Element { get; }
    /// <summary>Ok while reading and at a clean end; BadList when the content did not fit.</summary>
    public DecodeStatus Status { get; private set; }

    public bool TryReadNext(out FieldValue value)
    {
        value = default;
        if (Status != DecodeStatus.Ok || _offset >= _content.Length)
            return false;
        int length = _elementLength;
        int offset = _offset;
        if (length == TemplateField.VariableLength && !RecordLayout.TryReadVariableLength(_content, ref offset, out length))
        {
            Status = DecodeStatus.BadList;
            return false;
        }
        if (length > _content.Length - offset)
        {
            Status = DecodeStatus.BadList;
            return false;
        }
        value = new FieldValue(Element, _content.Slice(offset, length));
        _offset = offset + length;
        return true;
    }
}
