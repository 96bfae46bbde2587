namespace NetFlow.Protocol.Templates;

/// <summary>
/// (version, domain, template id) packed in one integer: the exporter address is the session's,
/// so within a session these three identify a template (RFC 7011 §3.4.1, RFC 3954 §5.2).
/// </summary>
public readonly record struct TemplateKey(ushort Version, uint Domain, ushort TemplateId)
{
    internal ulong Packed => ((ulong)Version << 48) | ((ulong)Domain << 16) | TemplateId;

    internal static TemplateKey Unpack(ulong packed) =>
        new((ushort)(packed >> 48), (uint)(packed >> 16), (ushort)packed);
}
