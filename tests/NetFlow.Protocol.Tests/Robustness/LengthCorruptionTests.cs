using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// Every length field of every corpus packet set to 0, 1, 3, 4, one less, one more and all ones:
/// message length, set lengths, template field counts and field lengths, options scope lengths,
/// variable-length prefixes (both forms) and RFC 6313 list headers.
/// </summary>
public sealed class LengthCorruptionTests
{
    [Theory]
    [MemberData(nameof(Packets))]
    public void A_packet_with_any_length_field_wrong_is_handled(string file, int line, int index)
    {
        var packet = CorpusTheoryData.Packet(line, index);
        var fields = LengthFieldLocator.Find(packet.Bytes, CorpusScenarios.TemplatesAfter(packet));
        string current = file;
        var memo = new ProbeMemo();
        Watchdog.Run(() => current, () =>
        {
            foreach (var field in fields)
            {
                foreach (int value in field.Corruptions())
                {
                    current = $"{file} with the {field} set to {value}";
                    var corrupted = field.Apply(packet.Bytes, value);
                    CorpusScenarios.Feed(packet, corrupted, corrupted.Length, current, memo);
                }
            }
        });
    }

    [Fact]
    public void The_locator_finds_every_kind_of_length_field_in_the_corpus()
    {
        var kinds = CorpusLines.Packets
            .SelectMany(p => LengthFieldLocator.Find(p.Bytes, CorpusScenarios.TemplatesAfter(p)))
            .Select(f => f.Kind)
            .ToHashSet();

        string[] expected =
        [
            "header record count", "v9 header record count", "IPFIX message length", "set length",
            "v9 template field count", "v9 template field length", "v9 options scope length", "v9 options option length",
            "v9 options field length", "IPFIX template field count", "IPFIX options template field count",
            "IPFIX options scope field count", "IPFIX template field length", "variable-length prefix",
            "variable-length 3-byte marker", "variable-length 3-byte length", "basicList element length",
            "basicList element prefix", "basicList element 3-byte marker", "basicList element 3-byte length",
            "subTemplateList template id", "subTemplateMultiList block template id", "subTemplateMultiList block length",
        ];
        expected.Except(kinds).ShouldBeEmpty();
    }

    public static TheoryData<string, int, int> Packets() => CorpusTheoryData.Packets();
}
