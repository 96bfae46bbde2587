using System.Net;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Sessions;

/// <summary>RFC 3954 behaviour: flowsets in any order, pending data, options scopes, uptime-relative times, sequence.</summary>
public sealed class NetFlowV9Tests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static void TemplateSet(MessageBuilder s) =>
        s.Set(0, t => t.U16(256).U16(4).U16(8).U16(4).U16(1).U16(4).U16(22).U16(4).U16(21).U16(4));

    private static void DataSet(MessageBuilder s, uint octets, uint first = 90_000, uint last = 95_000) =>
        s.Set(256, d => d.Ip("198.51.100.1").U32(octets).U32(first).U32(last));

    [Fact]
    public void Data_before_its_template_in_the_same_packet_decodes_without_error()
    {
        var m = MessageBuilder.V9();
        DataSet(m, 10);
        TemplateSet(m);
        DataSet(m, 20);
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        session.Decode(m.ToArray(), Now, ref c);
        c.Errors.ShouldBeEmpty();
        c.Records.Select(r => r["octetDeltaCount"]).ShouldBe([10UL, 20UL]);
        session.PendingSets.ShouldBe(0);
    }

    [Fact]
    public void Data_before_its_template_in_an_earlier_packet_waits_and_then_decodes()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        var data = MessageBuilder.V9(sysUptime: 100_000, unixSeconds: 1_700_000_000);
        DataSet(data, 10, first: 40_000, last: 50_000);
        session.Decode(data.ToArray(), Now, ref c);
        c.Records.ShouldBeEmpty();
        c.Errors.ShouldHaveSingleItem().Status.ShouldBe(DecodeStatus.TemplateMissing);
        session.PendingSets.ShouldBe(1);

        var template = MessageBuilder.V9(sysUptime: 200_000, unixSeconds: 1_700_000_100, sequence: 1);
        TemplateSet(template);
        session.Decode(template.ToArray(), Now.AddSeconds(1), ref c);
        var r = c.Records.ShouldHaveSingleItem();
        r["octetDeltaCount"].ShouldBe(10UL);
        // times are placed with the header of the packet the data came in, not the template's
        r["$start"].ShouldBe(DateTime.UnixEpoch.AddSeconds(1_700_000_000 - 60));
        session.PendingSets.ShouldBe(0);
        session.Counters.PendingRecordsDecoded.ShouldBe(1);
    }

    [Fact]
    public void Pending_data_that_overflows_or_ages_out_is_counted()
    {
        var options = new DecoderOptions { MaxPendingSetsPerExporter = 2, PendingTimeout = TimeSpan.FromSeconds(10) };
        var session = new ExporterSession(IPAddress.Loopback, options);
        var c = new RecordCollector();
        for (int i = 0; i < 3; i++)
        {
            var data = MessageBuilder.V9(sequence: (uint)i);
            DataSet(data, (uint)i);
            session.Decode(data.ToArray(), Now, ref c);
        }
        session.PendingSets.ShouldBe(2);
        session.Counters.Errors(DecodeStatus.PendingOverflow).ShouldBe(1);

        var later = MessageBuilder.V9(sequence: 3).Set(300, s => s.U32(0)).ToArray(); // another missing template
        session.Decode(later, Now.AddSeconds(11), ref c);
        session.Counters.Errors(DecodeStatus.PendingExpired).ShouldBe(2);
        session.PendingSets.ShouldBe(1);
    }

    [Fact]
    public void Options_scope_types_are_not_mistaken_for_counters()
    {
        // scope: interface (2), 4 bytes; options: samplingInterval (34) 4, samplingAlgorithm (35) 1
        var m = MessageBuilder.V9().Set(1, s => s.U16(257).U16(4).U16(8).U16(2).U16(4).U16(34).U16(4).U16(35).U16(1).U16(0))
            .Set(257, s => s.U32(7).U32(100).U8(2).U8(0).U16(0));
        var c = new RecordCollector();
        new ExporterSession(IPAddress.Loopback).Decode(m.ToArray(), Now, ref c);
        c.Errors.ShouldBeEmpty();
        var r = c.Records.ShouldHaveSingleItem();
        r["$options"].ShouldBe(true);
        r["scopeInterface"].ShouldBe(7UL);
        r.ShouldNotContainKey("octetDeltaCount");
        r["samplingInterval"].ShouldBe(100UL);
        r["samplingAlgorithm"].ShouldBe(2UL);
    }

    [Fact]
    public void Sequence_counts_packets_per_source_id()
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        foreach (uint seq in new uint[] { 10, 11, 14, 15 })
        {
            var m = MessageBuilder.V9(sequence: seq, sourceId: 3);
            TemplateSet(m);
            session.Decode(m.ToArray(), Now, ref c);
        }
        var other = MessageBuilder.V9(sequence: 500, sourceId: 4);
        session.Decode(other.ToArray(), Now, ref c);
        session.Sequences.For(9, 3).Gaps.ShouldBe(1);
        session.Sequences.For(9, 3).LostUnits.ShouldBe(2);
        session.Sequences.For(9, 4).Gaps.ShouldBe(0);
    }

    [Fact]
    public void Flow_stamped_just_after_the_header_uptime_stays_just_after_export()
    {
        // Some exporters stamp LAST_SWITCHED a few ms past the header's sysUptime.
        var m = MessageBuilder.V9(sysUptime: 100_000, unixSeconds: 1_700_000_000);
        TemplateSet(m);
        DataSet(m, 1, first: 99_000, last: 100_250);
        var c = new RecordCollector();
        new ExporterSession(IPAddress.Loopback).Decode(m.ToArray(), Now, ref c);
        c.Records.ShouldHaveSingleItem()["$end"].ShouldBe(DateTime.UnixEpoch.AddSeconds(1_700_000_000).AddMilliseconds(250));
    }

    [Fact]
    public void A_set_length_below_four_ends_the_message_with_its_offset()
    {
        var m = MessageBuilder.V9();
        TemplateSet(m);
        int badAt = m.Length;
        m.U16(256).U16(2).U32(0);
        var c = new RecordCollector();
        new ExporterSession(IPAddress.Loopback).Decode(m.ToArray(), Now, ref c);
        c.Errors.ShouldHaveSingleItem().ShouldBe(new DecodeError(DecodeStatus.BadSetLength, badAt, 9, 256));
    }

    [Fact]
    public void A_template_with_only_zero_length_fields_is_refused()
    {
        var m = MessageBuilder.V9().Set(0, s => s.U16(260).U16(1).U16(8).U16(0)).Set(260, s => s.U32(0));
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        session.Decode(m.ToArray(), Now, ref c);
        c.Errors.Select(e => e.Status).ShouldBe([DecodeStatus.ZeroLengthRecord, DecodeStatus.TemplateMissing]);
        session.Templates.Count.ShouldBe(0);
    }

    [Fact]
    public void Ipfix_uptime_relative_times_use_the_domains_system_init_time()
    {
        // options record with systemInitTimeMilliseconds (160), then data with flowStartSysUpTime (22)
        var options = MessageBuilder.IpfixHeader(domain: 1).Set(3, s => s.U16(400).U16(2).U16(1).U16(149).U16(4).U16(160).U16(8)).Ipfix();
        ulong init = 1_700_000_000_000;
        var optionsData = MessageBuilder.IpfixHeader(domain: 1).Set(400, s => s.U32(1).U64(init)).Ipfix();
        var template = MessageBuilder.IpfixHeader(domain: 1).Set(2, s => s.U16(256).U16(1).U16(22).U16(4)).Ipfix();
        var data = MessageBuilder.IpfixHeader(domain: 1).Set(256, s => s.U32(5_000)).Ipfix();
        var session = new ExporterSession(IPAddress.Loopback);
        var c = new RecordCollector();
        foreach (var m in new[] { options, optionsData, template, data })
            session.Decode(m, Now, ref c);
        c.Records[^1]["$start"].ShouldBe(DateTime.UnixEpoch.AddMilliseconds(init + 5_000));
    }
}
