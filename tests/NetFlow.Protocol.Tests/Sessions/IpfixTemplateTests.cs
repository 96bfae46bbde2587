using System.Net;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Sessions;

/// <summary>RFC 7011 template handling: keys, enterprise elements, withdrawal, limits, reduced size, variable length.</summary>
public sealed class IpfixTemplateTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static RecordCollector Decode(ExporterSession session, params byte[][] messages)
    {
        var collector = new RecordCollector();
        foreach (var m in messages)
            session.Decode(m, Now, ref collector);
        return collector;
    }

    /// <summary>Template 256: sourceIPv4Address(4), octetDeltaCount(N bytes).</summary>
    private static byte[] Template(ushort id = 256, int octetLength = 8, uint domain = 0) =>
        MessageBuilder.IpfixHeader(domain: domain).Set(2, s => s.U16(id).U16(2).U16(8).U16(4).U16(1).U16(octetLength)).Ipfix();

    private static byte[] Data(ushort id, uint domain, params (string Ip, byte[] Octets)[] records) =>
        MessageBuilder.IpfixHeader(domain: domain).Set(id, s =>
        {
            foreach (var (ip, octets) in records)
                s.Ip(ip).Bytes(octets);
        }).Ipfix();

    [Theory]
    [InlineData(1, new byte[] { 0xAB }, 0xABUL)]
    [InlineData(2, new byte[] { 0xAB, 0xCD }, 0xABCDUL)]
    [InlineData(3, new byte[] { 0x01, 0x02, 0x03 }, 0x010203UL)]
    [InlineData(4, new byte[] { 0x01, 0x02, 0x03, 0x04 }, 0x01020304UL)]
    [InlineData(5, new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05 }, 0x0102030405UL)]
    [InlineData(6, new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 }, 0x010203040506UL)]
    [InlineData(7, new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 }, 0x01020304050607UL)]
    [InlineData(8, new byte[] { 0xFF, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 }, 0xFF02030405060708UL)]
    public void Reduced_size_encoding_of_every_integer_length(int length, byte[] wire, ulong expected)
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var c = Decode(session, Template(octetLength: length), Data(256, 0, ("192.0.2.1", wire)));
        c.Errors.ShouldBeEmpty();
        c.Records.ShouldHaveSingleItem()["octetDeltaCount"].ShouldBe(expected);
    }

    [Fact]
    public void Two_domains_reusing_a_template_id_never_mix()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var c = Decode(session,
            Template(256, 4, domain: 1), Template(256, 2, domain: 2),
            Data(256, 1, ("192.0.2.1", [0, 0, 1, 0])),
            Data(256, 2, ("192.0.2.2", [0, 7])));
        c.Errors.ShouldBeEmpty();
        c.Records.Count.ShouldBe(2);
        c.Records[0]["octetDeltaCount"].ShouldBe(256UL);
        c.Records[0]["$domain"].ShouldBe(1u);
        c.Records[1]["octetDeltaCount"].ShouldBe(7UL);
        c.Records[1]["$domain"].ShouldBe(2u);
        session.Templates.Count.ShouldBe(2);
    }

    [Fact]
    public void Enterprise_element_is_never_taken_for_the_IANA_element_of_the_same_id()
    {
        // field 1 with the enterprise bit and PEN 12345 (nobody's dictionary), then IANA 1.
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(300).U16(2)
            .U16(0x8001).U16(4).U32(12345)
            .U16(1).U16(4)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(300, s => s.U32(0xDEADBEEF).U32(99)).Ipfix();
        var c = Decode(new ExporterSession(IPAddress.Loopback), template, data);
        var r = c.Records.ShouldHaveSingleItem();
        r["pen12345_ie1"].ShouldBe("deadbeef");
        r["octetDeltaCount"].ShouldBe(99UL);
    }

    [Fact]
    public void Reverse_elements_of_RFC_5103_are_named_as_reverse()
    {
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(301).U16(2)
            .U16(1).U16(8)
            .U16(0x8001).U16(8).U32(29305)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(301, s => s.U64(1000).U64(2000)).Ipfix();
        var r = Decode(new ExporterSession(IPAddress.Loopback), template, data).Records.ShouldHaveSingleItem();
        r["octetDeltaCount"].ShouldBe(1000UL);
        r["reverseOctetDeltaCount"].ShouldBe(2000UL);
    }

    [Fact]
    public void Duplicate_elements_in_one_template_are_all_kept()
    {
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(302).U16(3).U16(8).U16(4).U16(8).U16(4).U16(8).U16(4)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(302, s => s.Ip("10.0.0.1").Ip("10.0.0.2").Ip("10.0.0.3")).Ipfix();
        var r = Decode(new ExporterSession(IPAddress.Loopback), template, data).Records.ShouldHaveSingleItem();
        r["sourceIPv4Address"].ShouldBe("10.0.0.1");
        r["sourceIPv4Address#2"].ShouldBe("10.0.0.2");
        r["sourceIPv4Address#3"].ShouldBe("10.0.0.3");
    }

    [Fact]
    public void Variable_length_fields_in_one_and_three_byte_forms()
    {
        // interfaceName (82) is a string; 65535 = variable length.
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(303).U16(2).U16(82).U16(0xFFFF).U16(1).U16(4)).Ipfix();
        string longName = new('x', 300);
        var data = MessageBuilder.IpfixHeader().Set(303, s => s
            .U8(4).Bytes("eth0"u8.ToArray()).U32(1)
            .U8(255).U16(300).Bytes(System.Text.Encoding.ASCII.GetBytes(longName)).U32(2)
            .U8(0).U32(3)).Ipfix();
        var c = Decode(new ExporterSession(IPAddress.Loopback), template, data);
        c.Errors.ShouldBeEmpty();
        c.Records.Select(r => r["interfaceName"]).ShouldBe(["eth0", longName, ""]);
        c.Records.Select(r => r["octetDeltaCount"]).ShouldBe([1UL, 2UL, 3UL]);
    }

    [Fact]
    public void A_variable_length_that_points_past_the_set_is_reported_with_its_offset()
    {
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(304).U16(1).U16(82).U16(0xFFFF)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(304, s => s.U8(3).Bytes("abc"u8.ToArray()).U8(200).Bytes(1, 2)).Ipfix();
        var c = Decode(new ExporterSession(IPAddress.Loopback), template, data);
        c.Records.ShouldHaveSingleItem()["interfaceName"].ShouldBe("abc");
        c.Errors.ShouldHaveSingleItem().ShouldBe(new DecodeError(DecodeStatus.BadVariableLength, 16 + 4 + 4, 10, 304, 304));
    }

    [Fact]
    public void Withdrawals_remove_one_template_or_all_of_a_kind()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var options = MessageBuilder.IpfixHeader().Set(3, s => s.U16(400).U16(2).U16(1).U16(149).U16(4).U16(34).U16(4)).Ipfix();
        Decode(session, Template(256), Template(257), Template(258), options);
        session.Templates.Count.ShouldBe(4);

        Decode(session, MessageBuilder.IpfixHeader().Set(2, s => s.U16(257).U16(0)).Ipfix());
        session.Templates.TryGet(10, 0, 257, out _).ShouldBeFalse();
        session.Templates.Count.ShouldBe(3);

        // "all data templates" leaves the options template alone
        Decode(session, MessageBuilder.IpfixHeader().Set(2, s => s.U16(2).U16(0)).Ipfix());
        session.Templates.Count.ShouldBe(1);
        session.Templates.TryGet(10, 0, 400, out _).ShouldBeTrue();

        var c = Decode(session, MessageBuilder.IpfixHeader().Set(3, s => s.U16(3).U16(0)).Ipfix());
        session.Templates.Count.ShouldBe(0);
        session.Counters.TemplatesWithdrawn.ShouldBe(4);
        c.Errors.ShouldBeEmpty();

        var bad = Decode(session, MessageBuilder.IpfixHeader().Set(2, s => s.U16(999).U16(0)).Ipfix());
        bad.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.BadWithdrawal);
    }

    [Fact]
    public void Withdrawals_are_ignored_and_counted_when_the_transport_is_UDP()
    {
        var session = new ExporterSession(IPAddress.Loopback, new DecoderOptions { ApplyTemplateWithdrawals = false });
        Decode(session, Template(256));
        var c = Decode(session, MessageBuilder.IpfixHeader().Set(2, s => s.U16(256).U16(0)).Ipfix());
        session.Templates.Count.ShouldBe(1);
        c.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.IgnoredWithdrawal);
    }

    [Fact]
    public void Refresh_is_counted_and_redefinition_replaces()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        Decode(session, Template(256, 8), Template(256, 8), Template(256, 4));
        session.Counters.TemplatesAdded.ShouldBe(1);
        session.Counters.TemplatesRefreshed.ShouldBe(1);
        session.Counters.TemplatesReplaced.ShouldBe(1);
        var c = Decode(session, Data(256, 0, ("192.0.2.1", [0, 0, 0, 5])));
        c.Records.ShouldHaveSingleItem()["octetDeltaCount"].ShouldBe(5UL);
    }

    [Fact]
    public void Data_sets_take_the_template_in_force_after_a_redefinition_a_withdrawal_or_another_domain()
    {
        // Data decoded between the changes: the session's look-up of the template used last must not outlive them.
        var session = new ExporterSession(IPAddress.Loopback);
        Decode(session, Template(256, 8));
        Decode(session, Data(256, 0, ("192.0.2.1", [0, 0, 0, 0, 0, 0, 0, 7]))).Records.ShouldHaveSingleItem()["octetDeltaCount"].ShouldBe(7UL);

        Decode(session, Template(256, 4));
        Decode(session, Data(256, 0, ("192.0.2.1", [0, 0, 0, 5]))).Records.ShouldHaveSingleItem()["octetDeltaCount"].ShouldBe(5UL);

        // The same id in another domain is another template.
        Decode(session, Data(256, 3, ("192.0.2.1", [0, 0, 0, 5]))).Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.TemplateMissing);

        Decode(session, MessageBuilder.IpfixHeader().Set(2, s => s.U16(256).U16(0)).Ipfix());
        var afterWithdrawal = Decode(session, Data(256, 0, ("192.0.2.1", [0, 0, 0, 5])));
        afterWithdrawal.Records.ShouldBeEmpty();
        afterWithdrawal.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.TemplateMissing);
    }

    [Fact]
    public void Limits_on_templates_and_fields_hold_and_a_full_store_evicts_the_least_recently_used()
    {
        var options = new DecoderOptions { MaxTemplatesPerExporter = 3, MaxFieldsPerTemplate = 2 };
        var session = new ExporterSession(IPAddress.Loopback, options);
        var c = Decode(session, Template(256), Template(257), Template(258));
        Decode(session, Data(256, 0, ("192.0.2.1", [0, 0, 0, 0, 0, 0, 0, 1]))); // 256 in use: 257 is now the least recently used
        c = Decode(session, Template(259), Template(260, domain: 5));
        session.Templates.Count.ShouldBe(3);
        session.Counters.TemplatesEvicted.ShouldBe(2);
        c.Errors.Count(e => e.Status == DecodeStatus.TooManyTemplates).ShouldBe(2);
        session.Templates.TryGet(10, 0, 256, out _).ShouldBeTrue();
        session.Templates.TryGet(10, 0, 257, out _).ShouldBeFalse();
        session.Templates.TryGet(10, 0, 258, out _).ShouldBeFalse();
        session.Templates.TryGet(10, 5, 260, out _).ShouldBeTrue();

        var wide = MessageBuilder.IpfixHeader().Set(2, s => s.U16(261).U16(3).U16(8).U16(4).U16(12).U16(4).U16(1).U16(4)).Ipfix();
        var w = Decode(new ExporterSession(IPAddress.Loopback, options), wide);
        w.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.TooManyFields);
    }

    [Fact]
    public void Options_template_with_zero_scope_count_is_refused()
    {
        var options = MessageBuilder.IpfixHeader().Set(3, s => s.U16(400).U16(1).U16(0).U16(149).U16(4)).Ipfix();
        var session = new ExporterSession(IPAddress.Loopback);
        var c = Decode(session, options);
        c.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.BadTemplateFieldCount);
        session.Templates.Count.ShouldBe(0);
    }

    [Fact]
    public void Several_messages_in_one_buffer_and_a_stream_split_anywhere()
    {
        byte[] buffer = [.. Template(256, 4), .. Data(256, 0, ("192.0.2.1", [0, 0, 0, 1]), ("192.0.2.2", [0, 0, 0, 2])), .. Data(256, 0, ("192.0.2.3", [0, 0, 0, 3]))];
        Decode(new ExporterSession(IPAddress.Loopback), buffer).Records.Count.ShouldBe(3);

        for (int split = 0; split <= buffer.Length; split++)
        {
            var session = new ExporterSession(IPAddress.Loopback);
            var c = new RecordCollector();
            int used = session.DecodeStream(buffer.AsSpan(0, split), Now, ref c, out bool lost);
            lost.ShouldBeFalse();
            byte[] rest = [.. buffer.AsSpan(used, split - used), .. buffer.AsSpan(split)];
            int usedRest = session.DecodeStream(rest, Now, ref c, out lost);
            lost.ShouldBeFalse();
            usedRest.ShouldBe(rest.Length);
            c.Records.Select(r => r["sourceIPv4Address"]).ShouldBe(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
        }
    }

    [Fact]
    public void A_stream_with_a_broken_header_reports_lost_framing()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        byte[] junk = [0, 9, 0, 20, .. new byte[16]];
        session.DecodeStream(junk, Now, ref c, out bool lost);
        lost.ShouldBeTrue();
        c.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.UnknownVersion);
    }

    [Fact]
    public void Sequence_counts_data_records()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        Decode(session, Template(256, 4));
        byte[] Seq(uint seq, int n) => MessageBuilder.IpfixHeader(sequence: seq).Set(256, s =>
        {
            for (int i = 0; i < n; i++)
                s.Ip("192.0.2.1").U32(1);
        }).Ipfix();
        Decode(session, Seq(0, 3), Seq(3, 2), Seq(9, 1)); // 5 -> 9: 4 records lost
        var counts = session.Sequences.For(10, 0);
        counts.Gaps.ShouldBe(1);
        counts.LostUnits.ShouldBe(4);
    }

    [Fact]
    public void BasicList_values_are_read_in_order()
    {
        // bgpSourceAsNumber list? use RFC 6313's example shape: basicList (291) of ingressInterface (10), 4 bytes each
        var template = MessageBuilder.IpfixHeader().Set(2, s => s.U16(305).U16(1).U16(291).U16(0xFFFF)).Ipfix();
        var data = MessageBuilder.IpfixHeader().Set(305, s => s.U8(5 + 12).U8(3).U16(10).U16(4).U32(1).U32(2).U32(3)).Ipfix();
        var session = new ExporterSession(IPAddress.Loopback);
        var values = new List<ulong>();
        var probe = new ListProbe(values);
        session.Decode(template, Now, ref probe);
        session.Decode(data, Now, ref probe);
        values.ShouldBe([1UL, 2UL, 3UL]);
        probe.Semantic.ShouldBe(Records.ListSemantic.AllOf);
    }

    private sealed class ListProbe(List<ulong> values) : Records.IFlowRecordHandler
    {
        public Records.ListSemantic Semantic;

        public void OnRecord(in Records.FlowRecord record)
        {
            var reader = new Records.BasicListReader(record[0]);
            Semantic = reader.Semantic;
            reader.Element.Name.ShouldBe("ingressInterface");
            while (reader.TryReadNext(out var v))
            {
                v.TryGetUInt64(out ulong u).ShouldBeTrue();
                values.Add(u);
            }
            reader.Status.ShouldBe(DecodeStatus.Ok);
        }

        public void OnError(in DecodeError error) => throw new InvalidOperationException(error.ToString());
    }
}
