using System.Buffers.Binary;
using FsCheck.Xunit;
using NetFlow.Protocol.Records;
using Shouldly;
using Xunit;

namespace NetFlow.Protocol.Tests.Robustness;

/// <summary>
/// IPFIX over TCP (RFC 7011 §10.4): a stream cut into reads anywhere decodes exactly as if read
/// whole, and a header that cannot be framed says so (framingLost) instead of guessing.
/// </summary>
public sealed class DecodeStreamTests
{
    [Theory]
    [MemberData(nameof(IpfixLines))]
    public void A_stream_split_into_two_reads_at_any_byte_decodes_as_if_read_whole(string line)
    {
        var stream = IpfixStream(CorpusLines.All.Single(l => l.ToString() == line));
        var memo = new ProbeMemo();
        var whole = Decode(stream, [stream.Length], memo);
        whole.Records.ShouldNotBeEmpty();
        string current = line;

        Watchdog.Run(() => current, () =>
        {
            for (int split = 0; split <= stream.Length; split++)
            {
                current = $"{line} split at {split}";
                var parts = Decode(stream, [split, stream.Length], memo);
                parts.Records.ShouldBe(whole.Records, current);
                parts.Errors.ShouldBe(whole.Errors, current);
            }
        });
    }

    [Fact]
    public void All_ipfix_lines_in_one_stream_split_around_every_message_boundary_decode_as_if_read_whole()
    {
        var stream = CorpusLines.All.Where(IsIpfix).SelectMany(IpfixStream).ToArray();
        var memo = new ProbeMemo();
        var whole = Decode(stream, [stream.Length], memo);
        var splits = MessageStarts(stream)
            .SelectMany(start => new[] { -17, -16, -15, -2, -1, 0, 1, 2, 3, 4, 15, 16, 17 }.Select(d => start + d))
            .Where(split => split >= 0 && split <= stream.Length)
            .Distinct()
            .ToArray();
        string current = "";

        Watchdog.Run(() => current, () =>
        {
            foreach (int split in splits)
            {
                current = $"all IPFIX lines split at {split}";
                var parts = Decode(stream, [split, stream.Length], memo);
                parts.Records.ShouldBe(whole.Records, current);
                parts.Errors.ShouldBe(whole.Errors, current);
            }
        });
    }

    [Theory]
    [InlineData(9, 100, DecodeStatus.UnknownVersion)]
    [InlineData(0, 0, DecodeStatus.UnknownVersion)]
    [InlineData(0xFFFF, 0xFFFF, DecodeStatus.UnknownVersion)]
    [InlineData(10, 0, DecodeStatus.BadMessageLength)]
    [InlineData(10, 1, DecodeStatus.BadMessageLength)]
    [InlineData(10, 15, DecodeStatus.BadMessageLength)]
    public void An_invalid_header_after_good_messages_loses_framing_there(int version, int length, DecodeStatus status)
    {
        var good = IpfixStream(CorpusLines.All.Single(l => l.Files[0].EndsWith("packet_ipfix_template.bin", StringComparison.Ordinal)));
        var bad = new WireWriter().U16(version).U16(length).U32(0).U32(0).U32(0).Bytes(new byte[40]).ToArray();
        var stream = good.Concat(bad).ToArray();
        var expected = Decode(good, [good.Length], null);
        var session = new CheckedSession();
        var records = new List<int>();
        session.OnRecord = (in FlowRecord record) => records.Add(Fingerprint(record));
        long before = session.Session.Counters.Errors(status);

        int consumed = session.FeedStream(stream, stream.Length, "good messages then a bad header", out bool framingLost);

        framingLost.ShouldBeTrue();
        consumed.ShouldBe(good.Length);
        session.Session.Counters.Errors(status).ShouldBe(before + 1);
        records.ShouldBe(expected.Records);
    }

    [Fact]
    public void A_message_cut_at_the_end_of_a_read_waits_for_the_next_read()
    {
        var stream = IpfixStream(CorpusLines.All.Single(l => l.Files[0].EndsWith("packet_ipfix_template.bin", StringComparison.Ordinal)));
        var session = new CheckedSession();

        int consumed = session.FeedStream(stream, stream.Length - 1, "all but the last byte", out bool framingLost);

        framingLost.ShouldBeFalse();
        consumed.ShouldBe(MessageStarts(stream)[^1]);
    }

    [Theory]
    [MemberData(nameof(IpfixLines))]
    public void A_stream_with_a_message_length_wrong_is_handled(string line)
    {
        var stream = IpfixStream(CorpusLines.All.Single(l => l.ToString() == line));
        var memo = new ProbeMemo();
        string current = line;

        Watchdog.Run(() => current, () =>
        {
            foreach (int start in MessageStarts(stream))
            {
                var field = new LengthField(start + 2, 2, "IPFIX message length", BinaryPrimitives.ReadUInt16BigEndian(stream.AsSpan(start + 2)));
                foreach (int value in field.Corruptions())
                {
                    current = $"{line} with the {field} set to {value}";
                    ReadAll(field.Apply(stream, value), current, memo);
                }
            }
        });
    }

    [Property(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 2000, Replay = "(2305843009213693951,6148914691236517205)")]
    public void Noise_in_a_stream_is_handled(Garbage garbage)
    {
        Watchdog.Run(garbage.ToString, () => ReadAll(garbage.Bytes, garbage.ToString(), null));
    }

    public static TheoryData<string> IpfixLines() => [.. CorpusLines.All.Where(IsIpfix).Select(l => l.ToString())];

    /// <summary>Reads a stream as a TCP reader does: what is not consumed comes again in front of the next read, a few bytes at a time.</summary>
    private static void ReadAll(byte[] stream, string label, ProbeMemo? memo)
    {
        var session = new CheckedSession(memo: memo);
        int start = 0;
        for (int end = Math.Min(stream.Length, 7); ; end = Math.Min(stream.Length, end + 97))
        {
            var read = stream[start..end];
            int consumed = session.FeedStream(read, read.Length, $"{label}, read [{start}..{end})", out bool framingLost);
            if (framingLost)
            {
                // What is left must indeed start with a header that cannot frame a message.
                read.Length.ShouldBeGreaterThanOrEqualTo(consumed + 16, label);
                var header = read.AsSpan(consumed);
                (BinaryPrimitives.ReadUInt16BigEndian(header) != 10 || BinaryPrimitives.ReadUInt16BigEndian(header[2..]) < 16).ShouldBeTrue(label);
                return;
            }
            start += consumed;
            if (end == stream.Length)
                return;
        }
    }

    private static DecodedStream Decode(byte[] stream, int[] readEnds, ProbeMemo? memo)
    {
        var session = new CheckedSession(memo: memo);
        var records = new List<int>();
        session.OnRecord = (in FlowRecord record) => records.Add(Fingerprint(record));
        int start = 0;
        foreach (int end in readEnds)
        {
            var read = stream[start..end];
            int consumed = session.FeedStream(read, read.Length, $"read [{start}..{end})", out bool framingLost);
            framingLost.ShouldBeFalse();
            start += consumed;
        }
        start.ShouldBe(stream.Length, "every byte of complete messages is consumed");
        var counters = session.Session.Counters;
        var errors = Enum.GetValues<DecodeStatus>().Select(counters.Errors).ToArray();
        return new DecodedStream(records, errors);
    }

    private static int Fingerprint(in FlowRecord record)
    {
        var hash = new HashCode();
        hash.Add(record.Template.Version);
        hash.Add(record.Template.Domain);
        hash.Add(record.Template.Id);
        hash.AddBytes(record.Data);
        return hash.ToHashCode();
    }

    private static bool IsIpfix(CorpusLine line) => line.Bytes.All(p => p.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(p) == 10);

    private static byte[] IpfixStream(CorpusLine line) => line.Bytes.SelectMany(p => p).ToArray();

    private static List<int> MessageStarts(byte[] stream)
    {
        var starts = new List<int>();
        for (int offset = 0; stream.Length - offset >= 16;)
        {
            starts.Add(offset);
            offset += BinaryPrimitives.ReadUInt16BigEndian(stream.AsSpan(offset + 2));
        }
        return starts;
    }

    private sealed record DecodedStream(List<int> Records, long[] Errors);
}
