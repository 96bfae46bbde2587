using System.Buffers.Binary;
using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Minimal reproductions of what the robustness tests found, kept as regression tests. Each
/// states the behaviour the decoder must have; while the defect stands, the test fails.
/// </summary>
public sealed class DefectTests
{
    private static readonly DateTime Received = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>9999-12-31T23:59:59Z in milliseconds: the latest systemInitTimeMilliseconds TryGetDateTime accepts.</summary>
    private const ulong LatestSystemInitMs = 253_402_300_799_000;

    [Fact]
    public void Flow_times_relative_to_a_far_future_system_init_time_do_not_throw()
    {
        // RFC 7011 flowStartSysUpTime (22) and flowEndSysUpTime (21) count from systemInitTimeMilliseconds (160).
        var message = WireWriter.Ipfix(1, m => m
            .Set(2, s => s.U16(256).U16(3).U16(22).U16(4).U16(21).U16(4).U16(160).U16(8))
            .Set(256, s => s.U32(uint.MaxValue).U32(uint.MaxValue).U64(LatestSystemInitMs)));
        var reader = new TimeReader();

        new ExporterSession(IPAddress.Loopback).Decode(message, Received, ref reader);

        reader.Records.ShouldBe(1);
        reader.Thrown.ShouldBeNull();
    }

    [Fact]
    public void Flow_times_after_options_data_with_a_far_future_system_init_time_do_not_throw()
    {
        // The domain remembers systemInitTimeMilliseconds from options data; later data records count from it.
        var message = WireWriter.Ipfix(1, m => m
            .Set(3, s => s.U16(257).U16(2).U16(1).U16(149).U16(4).U16(160).U16(8))
            .Set(2, s => s.U16(256).U16(1).U16(22).U16(4))
            .Set(257, s => s.U32(1).U64(LatestSystemInitMs))
            .Set(256, s => s.U32(uint.MaxValue)));
        var reader = new TimeReader();

        new ExporterSession(IPAddress.Loopback).Decode(message, Received, ref reader);

        reader.Records.ShouldBe(2);
        reader.Thrown.ShouldBeNull();
    }

    [Fact]
    public void A_record_read_from_a_sub_template_list_keeps_its_fields_after_the_next_one_is_read()
    {
        // Template 300: one variable-length string; template 256: one subTemplateList of 300s.
        var message = WireWriter.Ipfix(1, m => m
            .Set(2, s => s
                .U16(300).U16(1).U16(82).U16(0xFFFF)
                .U16(256).U16(1).U16(292).U16(0xFFFF))
            .Set(256, s => s
                .VariableLength(3 + 2 + 11)
                .U8((int)ListSemantic.AllOf).U16(300)
                .VariableLength(1).Bytes("a"u8)
                .VariableLength(10).Bytes("bbbbbbbbbb"u8)));
        var reader = new ListPairReader();

        new ExporterSession(IPAddress.Loopback).Decode(message, Received, ref reader);

        reader.Thrown.ShouldBeNull();
        reader.First.ShouldBe("a");
        reader.Second.ShouldBe("bbbbbbbbbb");
    }

    [Fact]
    public void A_template_store_filled_by_a_flood_still_takes_the_exporters_real_template()
    {
        // Anyone who can send from the exporter's address can fill its store; the exporter's own
        // templates must not be locked out for good: the least recently used are evicted instead.
        var session = new ExporterSession(IPAddress.Loopback, new DecoderOptions { MaxTemplatesPerExporter = 4 });
        var ignore = new TimeReader();
        var flood = WireWriter.Ipfix(99, m => m.Set(2, s =>
        {
            for (int id = 256; id < 260; id++)
                s.U16(id).U16(1).U16(1).U16(8);
        }));
        session.Decode(flood, Received, ref ignore);
        var real = WireWriter.Ipfix(1, m => m
            .Set(2, s => s.U16(300).U16(1).U16(8).U16(4))
            .Set(300, s => s.U32(0xC0000201)));
        var reader = new TimeReader();

        session.Decode(real, Received.AddSeconds(1), ref reader);

        reader.Records.ShouldBe(1);
    }

    [Fact]
    public void Observation_domains_an_exporter_makes_up_do_not_grow_the_session_without_bound()
    {
        // Every v9/IPFIX header names a domain; 100k headers of 16 bytes, each with a new domain id,
        // are a cheap flood. Per-domain state stops at MaxDomainsPerExporter; the rest is counted.
        var session = new ExporterSession(IPAddress.Loopback);
        var ignore = new TimeReader();
        var message = WireWriter.Ipfix(0, _ => { });
        for (uint domain = 0; domain < 100_000; domain++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(12), domain);
            session.Decode(message, Received, ref ignore);
        }

        session.Domains.Count().ShouldBe(DecoderOptions.Default.MaxDomainsPerExporter);
        session.Sequences.Counts.Count.ShouldBe(DecoderOptions.Default.MaxDomainsPerExporter);
        session.Counters.UntrackedDomainMessages.ShouldBe(100_000 - DecoderOptions.Default.MaxDomainsPerExporter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Data_waiting_for_its_template_does_not_make_decode_throw_at_the_edges_of_time(bool longestTimeout)
    {
        // Decode expires held data first: receivedUtc - PendingTimeout. With default(DateTime) as the
        // receive time (a caller without a clock), or a timeout of TimeSpan.MaxValue ("never expire"),
        // that subtraction leaves DateTime's range once anything is held.
        var options = longestTimeout ? new DecoderOptions { PendingTimeout = TimeSpan.MaxValue } : DecoderOptions.Default;
        var received = longestTimeout ? Received : default;
        var session = new ExporterSession(IPAddress.Loopback, options);
        var ignore = new TimeReader();
        var orphan = WireWriter.Ipfix(1, m => m.Set(300, s => s.U32(1)));
        session.Decode(orphan, received, ref ignore);

        Should.NotThrow(() => session.Decode(orphan, received, ref ignore));
    }

    /// <summary>Asks every record for its start and end time, as any consumer of flows does.</summary>
    private struct TimeReader : IFlowRecordHandler
    {
        public int Records;
        public Exception? Thrown;

        public void OnRecord(in FlowRecord record)
        {
            Records++;
            try
            {
                _ = record.TryGetStart(out _);
                _ = record.TryGetEnd(out _);
            }
            catch (Exception e)
            {
                Thrown ??= e;
            }
        }

        public readonly void OnError(in DecodeError error)
        {
        }
    }

    /// <summary>Reads the two records of a sub-template list, then the first record's field.</summary>
    private struct ListPairReader : IFlowRecordHandler
    {
        public string? First;
        public string? Second;
        public Exception? Thrown;

        public void OnRecord(in FlowRecord record)
        {
            try
            {
                var list = new SubTemplateListReader(record, record[0]);
                if (!list.TryReadNext(out var first) || !list.TryReadNext(out var second))
                    return;
                Second = second[0].GetString();
                First = first[0].GetString();
            }
            catch (Exception e)
            {
                Thrown ??= e;
            }
        }

        public readonly void OnError(in DecodeError error)
        {
        }
    }
}
