namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// The packet corpus (tests/data/corpus) as its README pairs it: each line is the files one
/// exporter sent, in order, into one template state, so data packets meet their templates. The
/// corpus has no basicList or subTemplateList and few 3-byte length prefixes, so one line built
/// here (<see cref="SyntheticExports"/>) adds them.
/// </summary>
internal static class CorpusLines
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "data", "corpus");

    public static readonly CorpusLine[] All =
    [
        Softflowd("packet_v1.bin"),
        Softflowd("packet_v5.bin"),
        Softflowd("packet_v9_template.bin", "packets_v9_0.bin", "packets_v9_1.bin", "packets_v9_2.bin"),
        Softflowd("packet_v9_template_mixed.bin", "packets_v9_0.bin"),
        Softflowd("packet_v9_with_zeros.bin"),
        Softflowd("packet_ipfix_template.bin", "packet_ipfix.bin"),
        Softflowd("packet_ipfix_template_ether.bin", "packet_ipfix_ether.bin"),
        Softflowd("packet_ipfix_padding.bin"),
        Softflowd("packet_invalid.bin"),

        Vendors("netflow5.dat"),
        Vendors("netflow5_test_juniper_mx80.dat"),
        Vendors("netflow5_test_microtik.dat"),
        Vendors("netflow5_test_invalid01.dat"),
        Vendors("netflow5_test_invalid02.dat"),
        Vendors("netflow9_test_valid01.dat"),
        Vendors("netflow9_test_invalid01.dat"),
        Vendors("netflow9_test_macaddr_tpl.dat", "netflow9_test_macaddr_data.dat"),
        Vendors("netflow9_test_cisco_aci_tpl256-258.dat", "netflow9_test_cisco_aci_data256.dat"),
        Vendors("netflow9_test_cisco_asa_1_tpl.dat", "netflow9_test_cisco_asa_1_data.dat"),
        Vendors("netflow9_test_cisco_asa_2_tpl_26x.dat", "netflow9_test_cisco_asa_2_tpl_27x.dat", "netflow9_test_cisco_asa_2_data.dat"),
        Vendors("netflow9_test_nprobe_tpl.dat", "netflow9_test_softflowd_tpl_data.dat", "netflow9_test_nprobe_data.dat"),
        Vendors("netflow9_test_nprobe_dpi.dat"),
        Vendors("netflow9_test_cisco_asr9k_opttpl256.dat", "netflow9_test_cisco_asr9k_data256.dat"),
        Vendors("netflow9_test_cisco_asr9k_tpl260.dat", "netflow9_test_cisco_asr9k_data260.dat"),
        Vendors("netflow9_test_cisco_asr9k_opttpl257.dat"),
        Vendors("netflow9_test_cisco_asr9k_opttpl334.dat"),
        Vendors("netflow9_test_cisco_asr9k_tpl266.dat"),
        Vendors("netflow9_test_cisco_nbar_opttpl260.dat"),
        Vendors("netflow9_test_cisco_nbar_tpl262.dat", "netflow9_test_cisco_nbar_data262.dat"),
        Vendors("netflow9_test_cisco_1941K9.dat"),
        Vendors("netflow9_cisco_asr1001x_tpl259.dat"),
        Vendors("netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat"),
        Vendors("netflow9_test_h3c_tpl3281.dat", "netflow9_test_h3c_data3281.dat"),
        Vendors("netflow9_test_h3c_netstream_varstring_tpl3281.dat", "netflow9_test_h3c_netstream_varstring_data3281.dat"),
        Vendors("netflow9_test_huawei_netstream_tpl.dat", "netflow9_test_huawei_netstream_data.dat"),
        Vendors("netflow9_test_unknown_tpl266_292_data.dat"),
        Vendors("netflow9_test_paloalto_81_tpl256-263.dat", "netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat"),
        Vendors("netflow9_test_paloalto_panos_tpl.dat", "netflow9_test_paloalto_panos_data.dat"),
        Vendors("netflow9_test_fortigate_fortios_521_tpl.dat", "netflow9_test_fortigate_fortios_521_data256.dat",
            "netflow9_test_fortigate_fortios_521_data257.dat"),
        Vendors("netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat", "netflow9_test_fortigate_fortios_542_appid_data258_262.dat"),
        Vendors("netflow9_test_juniper_srx_tplopt.dat"),
        Vendors("netflow9_test_0length_fields_tpl_data.dat"),
        Vendors("ipfix.dat"),
        Vendors("ipfix_test_openbsd_pflow_tpl.dat", "ipfix_test_openbsd_pflow_data.dat"),
        Vendors("ipfix_test_mikrotik_tpl.dat", "ipfix_test_mikrotik_data258.dat", "ipfix_test_mikrotik_data259.dat"),
        Vendors("ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat", "ipfix_test_juniper_mx240_junos151r6s3_data512.dat"),
        Vendors("ipfix_test_nokia_bras_tpl.dat", "ipfix_test_nokia_bras_data256.dat"),
        Vendors("ipfix_test_barracuda_tpl.dat", "ipfix_test_barracuda_data256.dat"),
        Vendors("ipfix_test_barracuda_extended_uniflow_tpl256.dat", "ipfix_test_barracuda_extended_uniflow_data256.dat"),
        Vendors("ipfix_test_vmware_vds_tpl.dat", "ipfix_test_vmware_vds_data264.dat", "ipfix_test_vmware_vds_data266.dat",
            "ipfix_test_vmware_vds_data266_267.dat"),
        Vendors("ipfix_test_yaf_tpls_option_tpl.dat", "ipfix_test_yaf_tpl45841.dat", "ipfix_test_yaf_data45841.dat",
            "ipfix_test_yaf_data45873.dat", "ipfix_test_yaf_data53248.dat"),
        SyntheticExports.ListsLine,
    ];

    /// <summary>Every (line, position) once: the packet to mutate, with the line it belongs to.</summary>
    public static IEnumerable<CorpusPacket> Packets =>
        All.SelectMany(line => line.Files.Select((_, i) => new CorpusPacket(line, i)));

    private static CorpusLine Softflowd(params string[] files) => new(files.Select(f => "softflowd/" + f).ToArray());

    private static CorpusLine Vendors(params string[] files) => new(files.Select(f => "vendors/" + f).ToArray());
}

/// <summary>The files of one exporter, read once (or packets built in memory, named as if they were files).</summary>
internal sealed class CorpusLine(string[] files, byte[][]? bytes = null)
{
    private byte[][]? _bytes = bytes;

    public string[] Files { get; } = files;

    public byte[][] Bytes => _bytes ??= Files.Select(f => File.ReadAllBytes(Path.Combine(CorpusLines.Root, f))).ToArray();

    public override string ToString() => string.Join(" + ", Files.Select(Path.GetFileName));
}

/// <summary>One packet of a line: the one a test mutates, while the others of the line go in unchanged.</summary>
internal sealed record CorpusPacket(CorpusLine Line, int Index)
{
    public string File => Line.Files[Index];
    public byte[] Bytes => Line.Bytes[Index];

    public override string ToString() => File;
}

/// <summary>The corpus packets as theory data: one case per packet of each line.</summary>
internal static class CorpusTheoryData
{
    public static TheoryData<string, int, int> Packets()
    {
        var data = new TheoryData<string, int, int>();
        for (int line = 0; line < CorpusLines.All.Length; line++)
        {
            for (int index = 0; index < CorpusLines.All[line].Files.Length; index++)
                data.Add(CorpusLines.All[line].Files[index], line, index);
        }
        return data;
    }

    public static CorpusPacket Packet(int line, int index) => new(CorpusLines.All[line], index);
}
