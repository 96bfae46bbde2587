namespace NetFlow.Protocol.Records;

/// <summary>RFC 6313 §4.4 structured data semantics.</summary>
public enum ListSemantic : byte
{
    NoneOf = 0,
    ExactlyOneOf = 1,
    OneOrMoreOf = 2,
    AllOf = 3,
    Ordered = 4,
    Undefined = 255,
}
