using System.Net;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;
using NetFlow.Protocol.Templates;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// How a mutated corpus packet is fed: once into the state its line had built (templates first,
/// so data meets its templates), then into a fresh session (data waits in the pending buffer, and
/// the rest of the line releases it). Either way the rest of the line follows, so data meets
/// whatever the mutated packet did to the templates.
/// </summary>
internal static class CorpusScenarios
{
    public static void Feed(CorpusPacket packet, byte[] mutated, int length, string label, ProbeMemo? memo = null)
    {
        var line = packet.Line.Bytes;

        var withTemplates = new CheckedSession(memo: memo) { Probe = false };
        for (int i = 0; i < packet.Index; i++)
            withTemplates.Feed(line[i], $"{label}, templates before it: {packet.Line.Files[i]}");
        withTemplates.Probe = true;
        withTemplates.Feed(mutated, length, label);
        for (int i = packet.Index + 1; i < line.Length; i++)
            withTemplates.Feed(line[i], $"{label}, then {packet.Line.Files[i]}");

        var fresh = new CheckedSession(memo: memo);
        fresh.Feed(mutated, length, $"{label}, fresh session");
        for (int i = 0; i < line.Length; i++)
        {
            if (i != packet.Index)
                fresh.Feed(line[i], $"{label}, fresh session, then {packet.Line.Files[i]}");
        }
    }

    /// <summary>The templates an uncorrupted decode of the line holds once the packet is in.</summary>
    public static TemplateStore TemplatesAfter(CorpusPacket packet)
    {
        var session = new ExporterSession(IPAddress.Loopback);
        var handler = new IgnoringHandler();
        var now = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i <= packet.Index; i++)
            session.Decode(packet.Line.Bytes[i], now, ref handler);
        return session.Templates;
    }

    private struct IgnoringHandler : IFlowRecordHandler
    {
        public readonly void OnRecord(in FlowRecord record)
        {
        }

        public readonly void OnError(in DecodeError error)
        {
        }
    }
}
