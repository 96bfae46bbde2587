namespace NetFlow.Protocol.Templates;

public enum TemplateKind : byte
{
    Data,
    Options,
}
