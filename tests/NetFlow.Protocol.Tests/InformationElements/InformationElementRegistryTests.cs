using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetFlow.Protocol.InformationElements;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.InformationElements;

public sealed class InformationElementRegistryTests
{
    [Fact]
    public void Iana_counter_has_type_semantics_and_units()
    {
        var ie = InformationElementRegistry.FindIana(1).ShouldNotBeNull();

        ie.Name.ShouldBe("octetDeltaCount");
        ie.EnterpriseNumber.ShouldBe(0u);
        ie.DataType.ShouldBe(IeDataType.Unsigned64);
        ie.Semantics.ShouldBe(IeSemantics.DeltaCounter);
        ie.Units.ShouldBe("octets");
        ie.IsKnown.ShouldBeTrue();
    }

    [Theory]
    [InlineData(8, "sourceIPv4Address", IeDataType.Ipv4Address)]
    [InlineData(27, "sourceIPv6Address", IeDataType.Ipv6Address)]
    [InlineData(56, "sourceMacAddress", IeDataType.MacAddress)]
    [InlineData(152, "flowStartMilliseconds", IeDataType.DateTimeMilliseconds)]
    [InlineData(291, "basicList", IeDataType.BasicList)]
    [InlineData(292, "subTemplateList", IeDataType.SubTemplateList)]
    [InlineData(293, "subTemplateMultiList", IeDataType.SubTemplateMultiList)]
    [InlineData(533, "pathDelaySumDeltaMicroseconds", IeDataType.Unsigned64)]
    public void Iana_element_by_id(ushort id, string name, IeDataType type)
    {
        var ie = InformationElementRegistry.FindIana(id).ShouldNotBeNull();

        ie.Name.ShouldBe(name);
        ie.DataType.ShouldBe(type);
    }

    [Fact]
    public void Iana_table_ends_at_the_registry_maximum()
    {
        InformationElementRegistry.KnownElements.Where(ie => ie.EnterpriseNumber == 0).Max(ie => ie.Id).ShouldBe((ushort)533);
        InformationElementRegistry.FindIana(534).ShouldBeNull();
        InformationElementRegistry.FindIana(ushort.MaxValue).ShouldBeNull();
    }

    [Theory]
    [InlineData(0)]   // reserved
    [InlineData(65)]  // assigned for NetFlow v9 compatibility, no data type
    [InlineData(416)] // deprecated duplicate of 352, no name or type
    public void Iana_ids_without_a_data_type_are_not_elements(ushort id) =>
        InformationElementRegistry.FindIana(id).ShouldBeNull();

    [Fact]
    public void Rfc5103_reverse_element_is_synthesised_from_iana()
    {
        var ie = InformationElementRegistry.FindEnterprise(29305, 1).ShouldNotBeNull();

        ie.Name.ShouldBe("reverseOctetDeltaCount");
        ie.EnterpriseNumber.ShouldBe(29305u);
        ie.Id.ShouldBe((ushort)1);
        ie.DataType.ShouldBe(IeDataType.Unsigned64);
        ie.Semantics.ShouldBe(IeSemantics.DeltaCounter);
        ie.Units.ShouldBe("octets");
        InformationElementRegistry.FindEnterprise(29305, 1).ShouldBeSameAs(ie);
        InformationElementRegistry.FindEnterprise(29305, 534).ShouldBeNull();
    }

    [Fact]
    public void Yaf_elements_and_their_reverse()
    {
        var forward = InformationElementRegistry.FindEnterprise(6871, 14).ShouldNotBeNull();
        forward.Name.ShouldBe("initialTCPFlags");
        forward.Semantics.ShouldBe(IeSemantics.Flags);

        // cert.xml declares biflow split at bit 15: reverse id = id | 0x4000.
        var reverse = InformationElementRegistry.FindEnterprise(6871, 14 | 0x4000).ShouldNotBeNull();
        reverse.Name.ShouldBe("reverseInitialTCPFlags");
        reverse.DataType.ShouldBe(forward.DataType);

        InformationElementRegistry.FindEnterprise(6871, 550).ShouldNotBeNull().Name.ShouldBe("tombstoneId");
    }

    [Fact]
    public void Cisco_enterprise_element()
    {
        var ie = InformationElementRegistry.FindEnterprise(9, 4315).ShouldNotBeNull();

        ie.Name.ShouldBe("tcpWindowSizeMin");
        ie.EnterpriseNumber.ShouldBe(9u);
        ie.DataType.ShouldBe(IeDataType.Unsigned32);
        ie.Units.ShouldBe("octets");
    }

    [Theory]
    [InlineData(637u, 91, "aluInsideServiceId", IeDataType.Unsigned16)]     // Nokia, netgauze
    [InlineData(2011u, 1, "ingressGponGemPortId", IeDataType.Unsigned16)]  // Huawei, netgauze
    [InlineData(5951u, 152, "appName", IeDataType.String)]                 // Netscaler, cesnet
    [InlineData(6876u, 880, "tenantProtocol", IeDataType.Unsigned8)]       // VMware, cesnet over logstash
    [InlineData(3054u, 110, "ixiaL7AppId", IeDataType.Unsigned32)]         // Ixia, logstash
    public void Vendor_elements_from_each_dictionary(uint pen, ushort id, string name, IeDataType type)
    {
        var ie = InformationElementRegistry.FindEnterprise(pen, id).ShouldNotBeNull();

        ie.Name.ShouldBe(name);
        ie.DataType.ShouldBe(type);
        ie.EnterpriseNumber.ShouldBe(pen);
    }

    [Fact]
    public void NetFlowV9_ids_iana_defines_are_the_iana_elements()
    {
        InformationElementRegistry.FindNetFlowV9(1).ShouldBeSameAs(InformationElementRegistry.FindIana(1));
        // Cisco reuses IPFIX ids above 127: logstash's flow_start_msec is IANA 152.
        InformationElementRegistry.FindNetFlowV9(152).ShouldBeSameAs(InformationElementRegistry.FindIana(152));
        InformationElementRegistry.ForNetFlowV9(233).Name.ShouldBe("firewallEvent");
    }

    [Theory]
    [InlineData(40001, "netflow_xlateSrcAddrIpv4", IeDataType.Ipv4Address)] // Cisco ASA NSEL
    [InlineData(40003, "netflow_xlateSrcPort", IeDataType.Unsigned16)]
    [InlineData(40005, "fwEvent", IeDataType.Unsigned8)]
    [InlineData(33002, "firewallEventExtended", IeDataType.Unsigned16)]   // cesnet name over fw_ext_event
    [InlineData(56701, "appId", IeDataType.String)]                      // Palo Alto
    [InlineData(56702, "userId", IeDataType.String)]
    [InlineData(57590, "nprobeProto", IeDataType.Unsigned16)]
    public void NetFlowV9_vendor_field_types(ushort id, string name, IeDataType type)
    {
        var ie = InformationElementRegistry.FindNetFlowV9(id).ShouldNotBeNull();

        ie.Name.ShouldBe(name);
        ie.DataType.ShouldBe(type);
        ie.Id.ShouldBe(id);
        ie.EnterpriseNumber.ShouldBe(InformationElementRegistry.NetFlowV9EnterpriseNumber);
        ie.IsKnown.ShouldBeTrue();
    }

    [Fact]
    public void NetFlowV9_id_above_32767_is_the_cisco_element_sent_without_the_enterprise_bit() =>
        InformationElementRegistry.FindNetFlowV9(32768 + 4315).ShouldBeSameAs(InformationElementRegistry.FindEnterprise(9, 4315));

    [Fact]
    public void Unknown_iana_element_gets_a_stable_synthetic_key()
    {
        InformationElementRegistry.FindIana(60000).ShouldBeNull();

        var ie = InformationElementRegistry.ForIpfix(0, 60000);

        ie.Name.ShouldBe("ie60000");
        ie.IsKnown.ShouldBeFalse();
        ie.DataType.ShouldBe(IeDataType.OctetArray);
        InformationElementRegistry.ForIpfix(0, 60000).ShouldBeSameAs(ie);
    }

    [Fact]
    public void Unknown_enterprise_element_gets_a_stable_synthetic_key()
    {
        InformationElementRegistry.FindEnterprise(12345, 7).ShouldBeNull();

        var ie = InformationElementRegistry.ForIpfix(12345, 7);

        ie.Name.ShouldBe("pen12345_ie7");
        ie.EnterpriseNumber.ShouldBe(12345u);
        ie.Id.ShouldBe((ushort)7);
        ie.IsKnown.ShouldBeFalse();
        InformationElementRegistry.ForIpfix(12345, 7).ShouldBeSameAs(ie);
        InformationElementRegistry.ForIpfix(12345, 8).ShouldNotBeSameAs(ie);
    }

    [Fact]
    public void Unknown_netflow_v9_field_type_gets_a_stable_synthetic_key()
    {
        InformationElementRegistry.FindNetFlowV9(65000).ShouldBeNull();

        var ie = InformationElementRegistry.ForNetFlowV9(65000);

        ie.Name.ShouldBe("nf9_65000");
        ie.IsKnown.ShouldBeFalse();
        ie.DataType.ShouldBe(IeDataType.OctetArray);
        InformationElementRegistry.ForNetFlowV9(65000).ShouldBeSameAs(ie);
    }

    [Fact]
    public void Known_elements_are_returned_by_the_for_methods_as_they_are()
    {
        InformationElementRegistry.ForIpfix(0, 8).ShouldBeSameAs(InformationElementRegistry.FindIana(8));
        InformationElementRegistry.ForIpfix(9, 4315).ShouldBeSameAs(InformationElementRegistry.FindEnterprise(9, 4315));
        InformationElementRegistry.ForNetFlowV9(40005).ShouldBeSameAs(InformationElementRegistry.FindNetFlowV9(40005));
    }

    [Fact]
    public void No_two_elements_share_a_name()
    {
        var known = InformationElementRegistry.KnownElements.ToList();

        known.Select(ie => (ie.EnterpriseNumber, ie.Id)).Distinct().Count().ShouldBe(known.Count);
        known.GroupBy(ie => ie.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        // Nor can one look like the key of an unknown element.
        known.Where(ie => Regex.IsMatch(ie.Name, @"^(ie\d+|pen\d+_ie\d+|nf9_\d+)$")).ShouldBeEmpty();
    }

    [Fact]
    public void Vendor_names_that_clash_carry_their_scope()
    {
        // flowmon and cert both define httpHost; Cisco and Netscaler both define connectionId.
        InformationElementRegistry.FindEnterprise(39499, 1).ShouldNotBeNull().Name.ShouldBe("flowmon_httpHost");
        InformationElementRegistry.FindEnterprise(9, 12242).ShouldNotBeNull().Name.ShouldBe("cisco_connectionId");
        // ASA's AAA user name in v9 is not IANA userName (371).
        InformationElementRegistry.FindNetFlowV9(40000).ShouldNotBeNull().Name.ShouldBe("netflow_userName");
    }

    [Fact]
    public void Find_by_name_covers_every_table_and_is_case_sensitive()
    {
        InformationElementRegistry.FindByName("octetDeltaCount").ShouldBeSameAs(InformationElementRegistry.FindIana(1));
        InformationElementRegistry.FindByName("reverseOctetDeltaCount").ShouldBeSameAs(InformationElementRegistry.FindEnterprise(29305, 1));
        InformationElementRegistry.FindByName("tcpWindowSizeMin").ShouldBeSameAs(InformationElementRegistry.FindEnterprise(9, 4315));
        InformationElementRegistry.FindByName("fwEvent").ShouldBeSameAs(InformationElementRegistry.FindNetFlowV9(40005));
        InformationElementRegistry.FindByName("OctetDeltaCount").ShouldBeNull();
        InformationElementRegistry.FindByName("ie60000").ShouldBeNull();
    }

    [Fact]
    public async Task Committed_tables_match_the_generator()
    {
        const string Python = "/usr/bin/python3";
        File.Exists(Python).ShouldBeTrue($"{Python} is needed to check the generated tables against tools/generate-elements.py");
        var root = FindRepositoryRoot();
        var output = Path.Combine(Path.GetTempPath(), $"ie-tables-{Guid.NewGuid():N}.g.cs");
        try
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { Path.Combine(root, "tools", "generate-elements.py"), "-o", output })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var cancel = TestContext.Current.CancellationToken;
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = await process.StandardError.ReadToEndAsync(cancel);
            await stdout;
            await process.WaitForExitAsync(cancel);
            process.ExitCode.ShouldBe(0, stderr);

            var committed = File.ReadAllBytes(Path.Combine(root,
                "src/NetFlow.Protocol/InformationElements/Generated/InformationElementTables.g.cs"));
            File.ReadAllBytes(output).SequenceEqual(committed).ShouldBeTrue(
                "InformationElementTables.g.cs differs from what tools/generate-elements.py makes of registry/: run the script");
        }
        finally
        {
            File.Delete(output);
        }
    }

    // The build may put the test binaries anywhere (--artifacts-path), so start from this source file.
    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "tools", "generate-elements.py")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (tools/generate-elements.py)");
    }
}
