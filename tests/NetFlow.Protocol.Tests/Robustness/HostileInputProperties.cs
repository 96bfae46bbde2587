using FsCheck.Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// FsCheck properties over random damage: bytes flipped in corpus packets (with their templates
/// loaded, and on fresh sessions), noise behind plausible headers, and runs of plausible messages.
/// Fixed seeds: a run is the same run every time; a failure prints its input and its replay seed.
/// </summary>
public sealed class HostileInputProperties
{
    // Flipped packets repeat most of their records; see ProbeMemo. One property, run sequentially.
    private static readonly ProbeMemo FlipMemo = new();

    /// <summary>YAF's templates (options, lists, variable-length fields) and the synthetic list templates.</summary>
    private static readonly (string Name, byte[] Packet)[] TemplatePackets = CorpusLines.All
        .Where(line => line.Files[0].Contains("yaf_tpls_option", StringComparison.Ordinal) || line == SyntheticExports.ListsLine)
        .SelectMany(line => line.Files.Zip(line.Bytes).Where(p => p.First.Contains("tpl", StringComparison.Ordinal)))
        .ToArray();

    [Property(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 3000, Replay = "(8403312277345113459,12004581238211107883)")]
    public void A_corpus_packet_with_bytes_flipped_is_handled(ByteFlips flips)
    {
        var bytes = flips.Apply();
        Watchdog.Run(flips.ToString, () => CorpusScenarios.Feed(flips.CorpusPacket, bytes, bytes.Length, flips.ToString(), FlipMemo));
    }

    [Property(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 4000, Replay = "(1611935470958213707,9245106373093451315)")]
    public void Noise_behind_a_plausible_header_is_handled(Garbage garbage)
    {
        Watchdog.Run(garbage.ToString, () =>
        {
            new CheckedSession().Feed(garbage.Bytes, garbage.ToString());
            // And into a session that holds templates, so noise that passes for a data set meets one.
            var loaded = new CheckedSession { Probe = false };
            foreach (var (name, packet) in TemplatePackets)
                loaded.Feed(packet, name);
            loaded.Probe = true;
            loaded.Feed(garbage.Bytes, garbage.ToString());
        });
    }

    [Property(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 1500, Replay = "(5557030120977442311,3181289730366371601)")]
    public void A_run_of_plausible_messages_with_random_sets_is_handled(PlausibleExport export)
    {
        Watchdog.Run(export.ToString, () =>
        {
            var session = new CheckedSession();
            for (int i = 0; i < export.Datagrams.Length; i++)
                session.Feed(export.Datagrams[i], $"seed {export.Seed}, datagram {i}");
        });
    }
}
