using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>Every corpus packet cut at every offset, with its templates loaded and on a fresh session.</summary>
public sealed class TruncationTests
{
    [Theory]
    [MemberData(nameof(Packets))]
    public void A_packet_cut_anywhere_decodes_what_is_there_and_nothing_else(string file, int line, int index)
    {
        var packet = CorpusTheoryData.Packet(line, index);
        var bytes = packet.Bytes;
        string current = file;
        var memo = new ProbeMemo();
        Watchdog.Run(() => current, () =>
        {
            for (int length = 0; length <= bytes.Length; length++)
            {
                current = $"{file} cut to {length} of {bytes.Length} bytes";
                CorpusScenarios.Feed(packet, bytes, length, current, memo);
            }
        });
    }

    public static TheoryData<string, int, int> Packets() => CorpusTheoryData.Packets();
}
