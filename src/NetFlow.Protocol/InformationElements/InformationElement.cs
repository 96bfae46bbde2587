namespace NetFlow.Protocol.InformationElements;

/// <summary>
/// One information element: where it comes from (enterprise number, id), the key it is printed
/// under and how its bytes are decoded. Instances are shared and immutable; unknown elements get
/// a synthetic instance whose key names the raw (enterprise, id) so it can never merge with another.
/// </summary>
public sealed class InformationElement
{
    public InformationElement(string name, ushort id, uint enterpriseNumber, IeDataType dataType,
        IeSemantics semantics = IeSemantics.Default, string? units = null, bool isKnown = true)
    {
        Name = name;
        Id = id;
        EnterpriseNumber = enterpriseNumber;
        DataType = dataType;
        Semantics = semantics;
        Units = units;
        IsKnown = isKnown;
    }

    /// <summary>The key this element is printed and stored under (IANA name, vendor name, or a stable synthetic key).</summary>
    public string Name { get; }
    public ushort Id { get; }
    /// <summary>0 for IANA elements; the private enterprise number otherwise.</summary>
    public uint EnterpriseNumber { get; }
    public IeDataType DataType { get; }
    public IeSemantics Semantics { get; }
    public string? Units { get; }
    /// <summary>False for elements no dictionary names: their value is kept as hex.</summary>
    public bool IsKnown { get; }

    public override string ToString() =>
        EnterpriseNumber == 0 ? $"{Name}({Id})" : $"{Name}({EnterpriseNumber}/{Id})";
}
