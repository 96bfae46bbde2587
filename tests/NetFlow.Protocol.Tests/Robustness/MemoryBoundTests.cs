using NetFlow.Protocol.Records;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// However much an exporter sends, one session holds no more than its limits: templates, pending
/// bytes and pending sets. Every limit is checked after every datagram (<see cref="CheckedSession"/>).
/// </summary>
public sealed class MemoryBoundTests
{
    private const int HostileDatagrams = 100_000;

    [Fact]
    public void A_hundred_thousand_hostile_datagrams_keep_the_session_within_its_limits()
    {
        var session = new CheckedSession { Probe = false };

        Flood(session, new HostileFlood(seed: 20_240_501), HostileDatagrams);

        var options = session.Options;
        session.Session.Templates.Count.ShouldBeLessThanOrEqualTo(options.MaxTemplatesPerExporter);
        session.Session.Templates.Count.ShouldBeGreaterThan(options.MaxTemplatesPerExporter / 2, "the flood should have filled the store");
        session.Session.PendingBytes.ShouldBeLessThanOrEqualTo(options.MaxPendingBytesPerExporter);
        session.Session.PendingSets.ShouldBeLessThanOrEqualTo(options.MaxPendingSetsPerExporter);
        var counters = session.Session.Counters;
        counters.Errors(DecodeStatus.TooManyTemplates).ShouldBeGreaterThan(0);
        counters.Errors(DecodeStatus.TooManyFields).ShouldBeGreaterThan(0);
        counters.Errors(DecodeStatus.PendingOverflow).ShouldBeGreaterThan(0);
        counters.PendingRecordsDecoded.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void After_a_hostile_flood_a_real_template_and_its_data_still_decode()
    {
        var session = new CheckedSession { Probe = false };
        Flood(session, new HostileFlood(seed: 7), HostileDatagrams / 4);
        var line = CorpusLines.All.Single(l => l.Files[0].EndsWith("packet_ipfix_template.bin", StringComparison.Ordinal));
        var expected = RecordFingerprints(new CheckedSession(), line);
        long refusedBefore = session.Session.Counters.Errors(DecodeStatus.TooManyTemplates);

        var decoded = RecordFingerprints(session, line);

        long refused = session.Session.Counters.Errors(DecodeStatus.TooManyTemplates) - refusedBefore;
        decoded.ShouldBe(expected,
            $"after the flood the store holds {session.Session.Templates.Count} of {session.Options.MaxTemplatesPerExporter} templates; {refused} of the real templates were refused");
    }

    /// <summary>Feeds the flood in batches, each under the watchdog, so a slow box is not taken for a hang.</summary>
    private static void Flood(CheckedSession session, HostileFlood flood, int datagrams)
    {
        const int Batch = 5_000;
        int current = 0;
        while (current < datagrams)
        {
            int end = Math.Min(datagrams, current + Batch);
            Watchdog.Run(() => $"hostile datagram {current}", () =>
            {
                for (; current < end; current++)
                    session.Feed(flood.Next(current), $"hostile datagram {current}");
            });
        }
    }

    /// <summary>What a line decodes to on this session: one fingerprint per record handed out.</summary>
    private static List<string> RecordFingerprints(CheckedSession session, CorpusLine line)
    {
        var fingerprints = new List<string>();
        session.Probe = true;
        session.OnRecord = (in FlowRecord record) => fingerprints.Add($"{record.Template.Id}:{Convert.ToHexStringLower(record.Data)}");
        foreach (var packet in line.Bytes)
            session.Feed(packet, line.ToString());
        session.OnRecord = null;
        return fingerprints;
    }
}
