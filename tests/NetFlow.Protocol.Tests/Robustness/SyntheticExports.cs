using NetFlow.Protocol.Records;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// An IPFIX exporter built here for what the corpus lacks: RFC 6313 basicLists (fixed and
/// variable-length elements, an enterprise element), a subTemplateList, a subTemplateMultiList
/// with a block whose records hold a subTemplateList themselves, and RFC 7011 §7 length
/// prefixes in the 3-byte form, for short and long values.
/// </summary>
internal static class SyntheticExports
{
    private const uint Domain = 7;

    public static readonly CorpusLine ListsLine = new(
        ["synthetic/ipfix_lists_tpl.bin", "synthetic/ipfix_lists_data.bin"],
        [Templates(), Data()]);

    private static byte[] Templates() => WireWriter.Ipfix(Domain, m => m
        .Set(2, s => s
            // 300: sourceIPv4Address, interfaceName (variable)
            .U16(300).U16(2).U16(8).U16(4).U16(82).U16(0xFFFF)
            // 301: octetDeltaCount, protocolIdentifier
            .U16(301).U16(2).U16(1).U16(8).U16(4).U16(1)
            // 302: ingressInterface, subTemplateList (of 301s)
            .U16(302).U16(2).U16(10).U16(4).U16(292).U16(0xFFFF)
            // 256: flowStartMilliseconds, flowStartSysUpTime, basicList x2, subTemplateList, subTemplateMultiList, applicationName
            .U16(256).U16(7).U16(152).U16(8).U16(22).U16(4).U16(291).U16(0xFFFF).U16(291).U16(0xFFFF)
            .U16(292).U16(0xFFFF).U16(293).U16(0xFFFF).U16(96).U16(0xFFFF))
        .Set(3, s => s
            // 400: scope observationDomainId; systemInitTimeMilliseconds
            .U16(400).U16(2).U16(1).U16(149).U16(4).U16(160).U16(8)));

    private static byte[] Data() => WireWriter.Ipfix(Domain, m => m
        .Set(400, s => s.U32(Domain).U64(1_714_000_000_000))
        .Set(256, s =>
        {
            for (int r = 0; r < 3; r++)
                FlowRecord(s, r);
        }), sequence: 1);

    private static void FlowRecord(WireWriter s, int r)
    {
        s.U64(1_714_564_800_000 + (ulong)r).U32(60_000 + (uint)r);

        // basicList of sourceIPv4Address, fixed 4-byte elements.
        var addresses = new WireWriter().U8((int)ListSemantic.AllOf).U16(8).U16(4);
        for (int i = 0; i <= r + 1; i++)
            addresses.U32(0xC0000200 + (uint)i);
        Variable(s, addresses.ToArray(), threeByteForm: r == 1);

        // basicList of an enterprise element with variable-length elements, prefixes in both forms.
        var names = new WireWriter().U8((int)ListSemantic.OneOrMoreOf).U16(0x8000 | 14).U16(0xFFFF).U32(6871);
        Variable(names, "eth0"u8.ToArray(), threeByteForm: false);
        Variable(names, "uplink"u8.ToArray(), threeByteForm: true);
        Variable(s, names.ToArray(), threeByteForm: false);

        // subTemplateList of 300s.
        var list = new WireWriter().U8((int)ListSemantic.AllOf).U16(300);
        for (int i = 0; i < 2; i++)
        {
            list.U32(0x0A000001 + (uint)i);
            Variable(list, new string('x', i == 0 ? 3 : 300).Select(c => (byte)c).ToArray(), threeByteForm: i == 0);
        }
        Variable(s, list.ToArray(), threeByteForm: true);

        // subTemplateMultiList: a block of 301s, then a block of 302s each holding a subTemplateList of 301s.
        var block301 = new WireWriter().U64(1000 + (ulong)r).U8(6).U64(2000).U8(17);
        var inner = new WireWriter().U8((int)ListSemantic.Ordered).U16(301).U64(3000).U8(1);
        var block302 = new WireWriter().U32(5);
        Variable(block302, inner.ToArray(), threeByteForm: false);
        var multi = new WireWriter().U8((int)ListSemantic.ExactlyOneOf)
            .U16(301).U16(4 + block301.Length).Bytes(block301.ToArray())
            .U16(302).U16(4 + block302.Length).Bytes(block302.ToArray());
        Variable(s, multi.ToArray(), threeByteForm: false);

        Variable(s, "https"u8.ToArray(), threeByteForm: r == 2);
    }

    private static void Variable(WireWriter writer, byte[] value, bool threeByteForm) =>
        writer.VariableLength(value.Length, threeByteForm).Bytes(value);
}
