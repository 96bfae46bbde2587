using NetFlow.Protocol.InformationElements;

namespace NetFlow.Protocol.Templates;

/// <summary>One field of a template: which element and how many bytes it takes on the wire.</summary>
public readonly struct TemplateField(InformationElement element, ushort length, bool isScope)
{
    /// <summary>RFC 7011 §7: length 65535 means the length is carried in each record.</summary>
    public const ushort VariableLength = 0xFFFF;

    public InformationElement Element { get; } = element;
    public ushort Length { get; } = length;
    public bool IsScope { get; } = isScope;
    public bool IsVariableLength => Length == VariableLength;
}
