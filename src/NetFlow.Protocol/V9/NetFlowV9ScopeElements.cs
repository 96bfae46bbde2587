using NetFlow.Protocol.InformationElements;

namespace NetFlow.Protocol.V9;

/// <summary>
/// RFC 3954 §6.1 options scope field types 1..5. They share numbers with IANA elements 1..5
/// (octetDeltaCount ...) but mean something else, so they get elements of their own, under a
/// project-private enterprise number, and can never be read as counters.
/// </summary>
internal static class NetFlowV9ScopeElements
{
    public const uint ScopeEnterprise = 4294967292;

    private static readonly InformationElement[] Known =
    [
        new("scopeSystem", 1, ScopeEnterprise, IeDataType.OctetArray, IeSemantics.Identifier),
        new("scopeInterface", 2, ScopeEnterprise, IeDataType.Unsigned32, IeSemantics.Identifier),
        new("scopeLineCard", 3, ScopeEnterprise, IeDataType.Unsigned32, IeSemantics.Identifier),
        new("scopeCache", 4, ScopeEnterprise, IeDataType.OctetArray, IeSemantics.Identifier),
        new("scopeTemplate", 5, ScopeEnterprise, IeDataType.Unsigned16, IeSemantics.Identifier),
    ];

    public static InformationElement For(ushort type) =>
        type is >= 1 and <= 5 ? Known[type - 1] : InformationElementRegistry.ForIpfix(ScopeEnterprise, type);
}
