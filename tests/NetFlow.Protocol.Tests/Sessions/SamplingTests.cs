using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Protocol.Tests.Sessions;

public sealed class SamplingTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void V9_sampler_options_give_each_data_record_its_samplers_rate()
    {
        // Cisco style: options template scoped on the system, FLOW_SAMPLER_ID (48) 1 byte,
        // FLOW_SAMPLER_MODE (49) 1 byte, FLOW_SAMPLER_RANDOM_INTERVAL (50) 4 bytes.
        var m = MessageBuilder.V9(sourceId: 1)
            .Set(1, s => s.U16(257).U16(4).U16(12).U16(1).U16(4).U16(48).U16(1).U16(49).U16(1).U16(50).U16(4).U16(0))
            .Set(257, s => s.U32(0).U8(1).U8(2).U32(100).U32(0).U8(2).U8(2).U32(1000).U16(0))
            .Set(0, s => s.U16(256).U16(2).U16(8).U16(4).U16(48).U16(1))
            .Set(256, s => s.Ip("10.0.0.1").U8(2).Ip("10.0.0.2").U8(1).Ip("10.0.0.3").U8(9).U8(0).U16(0).U8(0));
        var session = new ExporterSession(IPAddress.Loopback);
        var probe = new SamplingProbe();
        session.Decode(m.ToArray(), Now, ref probe);
        probe.Errors.ShouldBeEmpty();
        probe.Rates.ShouldBe([(string?)"options", "options", "10.0.0.1=1000", "10.0.0.2=100", "10.0.0.3=none"]);
        session.ExportSampling().OrderBy(s => s.SamplerId).ShouldBe([new SamplingSnapshot(9, 1, 1, 100), new SamplingSnapshot(9, 1, 2, 1000)]);
    }

    [Fact]
    public void Ipfix_packet_interval_and_space_without_a_selector_apply_to_the_whole_domain()
    {
        // softflowd's options: samplingPacketInterval (305) 1, samplingPacketSpace (306) 99: 1 in 100.
        var options = MessageBuilder.IpfixHeader(domain: 4)
            .Set(3, s => s.U16(300).U16(3).U16(1).U16(149).U16(4).U16(305).U16(4).U16(306).U16(4))
            .Set(300, s => s.U32(1).U32(1).U32(99)).Ipfix();
        var data = MessageBuilder.IpfixHeader(domain: 4)
            .Set(2, s => s.U16(256).U16(1).U16(8).U16(4))
            .Set(256, s => s.Ip("10.0.0.1")).Ipfix();
        var session = new ExporterSession(IPAddress.Loopback);
        var probe = new SamplingProbe();
        session.Decode(options, Now, ref probe);
        session.Decode(data, Now, ref probe);
        probe.Rates[^1].ShouldBe("10.0.0.1=100");

        var restarted = new ExporterSession(IPAddress.Loopback);
        foreach (var s in session.ExportTemplates())
            restarted.RestoreTemplate(s);
        foreach (var s in session.ExportSampling())
            restarted.RestoreSampling(s).ShouldBeTrue();
        var again = new SamplingProbe();
        restarted.Decode(data, Now, ref again);
        again.Rates.ShouldBe(["10.0.0.1=100"]);
    }

    [Fact]
    public void V5_takes_its_rate_from_the_header_and_zero_means_unsampled()
    {
        static byte[] V5(int sampling) => new MessageBuilder().U16(5).U16(1).U32(1000).U32(1_700_000_000).U32(0).U32(0).U8(0).U8(0).U16(sampling)
            .Ip("10.0.0.1").Ip("10.0.0.2").Ip("0.0.0.0").U16(0).U16(0).U32(1).U32(60).U32(1).U32(2).U16(1).U16(2)
            .U8(0).U8(0).U8(17).U8(0).U16(0).U16(0).U8(0).U8(0).U16(0).ToArray();
        var probe = new SamplingProbe();
        new ExporterSession(IPAddress.Loopback).Decode(V5(0x4000 | 512), Now, ref probe);
        new ExporterSession(IPAddress.Loopback).Decode(V5(0), Now, ref probe);
        probe.Rates.ShouldBe(["10.0.0.1=512", "10.0.0.1=none"]);
    }

    private sealed class SamplingProbe : IFlowRecordHandler
    {
        public List<string?> Rates { get; } = [];
        public List<DecodeError> Errors { get; } = [];

        public void OnRecord(in FlowRecord record)
        {
            if (record.IsOptions)
            {
                Rates.Add("options");
                return;
            }
            record[record.IndexOf(8)].TryGetIPAddress(out var source);
            Rates.Add($"{source}={(record.TryGetSamplingInterval(out uint n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}");
        }

        public void OnError(in DecodeError error) => Errors.Add(error);
    }
}
