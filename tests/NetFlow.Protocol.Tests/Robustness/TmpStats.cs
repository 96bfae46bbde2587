using Xunit;
namespace NetFlow.Protocol.Tests.Robustness;
public sealed class TmpStats
{
    [Fact]
    public void Stats()
    {
        var packet = CorpusLines.Packets.First(p => p.File.EndsWith("packet_v9_template.bin"));
        foreach (var mode in new[]{"memo","none","memo","nomemo"})
        {
            var memo = new ProbeMemo();
            var c = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            for (int n = 0; n <= packet.Bytes.Length; n++)
            {
                if (mode == "none") { var s = new CheckedSession{Probe=false}; foreach (var b in packet.Line.Bytes) s.Feed(b, "x"); }
                else CorpusScenarios.Feed(packet, packet.Bytes, n, "x", mode == "memo" ? memo : null);
            }
            var c1 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - c;
            TestContext.Current.TestOutputHelper!.WriteLine($"{mode}: {c1.TotalMilliseconds:F0} ms, memo {memo.Count}");
        }
    }
}
