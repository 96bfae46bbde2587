using System.Buffers.Binary;

namespace NetFlow.Capture.Internal;

/// <summary>
/// pcapng files (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header Block
/// that fixes the byte order, Interface Description Blocks that fix link type and timestamp
/// resolution, and packet blocks citing an interface. Every other block type is skipped by its length.
/// </summary>
internal sealed class PcapNgReader
{
    // §4.1: palindromic, so it reads the same before the byte order is known.
    public const uint SectionHeaderBlockType = 0x0A0D0D0A;

    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceDescriptionBlockType = 1;
    private const uint SimplePacketBlockType = 3;
    private const uint EnhancedPacketBlockType = 6;

    private const int BlockHeaderLength = 8;      // §3.1: type, total length
    private const int BlockTrailerLength = 4;     // §3.1: total length again
    private const int MinBlockLength = BlockHeaderLength + BlockTrailerLength;
    private const int MinSectionHeaderLength = 28; // §4.1: header, magic, versions, section length, trailer
    // Same bound as Wireshark's: far above any real block, low enough that a corrupt length cannot exhaust memory.
    private const uint MaxBlockLength = 16 * 1024 * 1024;

    private const ushort EndOfOptions = 0;        // §3.5 opt_endofopt
    private const ushort IfTsresol = 9;           // §4.2
    private const ushort IfTsoffset = 14;         // §4.2

    private readonly CaptureInput _input;
    private readonly CaptureReadStats _stats;
    private readonly List<PcapNgInterface> _interfaces = [];
    private readonly byte[] _blockHead = new byte[MinBlockLength];
    private ByteOrder _order;
    private bool _typeAlreadyRead = true;

    private PcapNgReader(CaptureInput input, CaptureReadStats stats)
    {
        _input = input;
        _stats = stats;
        BinaryPrimitives.WriteUInt32BigEndian(_blockHead, SectionHeaderBlockType);
    }

    /// <summary>Reads the rest of the file; the first block's 4 type bytes have been consumed already.</summary>
    public static IEnumerable<CapturedDatagram> Read(CaptureInput input, CaptureReadStats stats)
    {
        var reader = new PcapNgReader(input, stats);
        while (true)
        {
            switch (reader.ReadBlock(out var datagram))
            {
                case RecordOutcome.EndOfInput:
                    yield break;
                case RecordOutcome.Datagram:
                    yield return datagram;
                    break;
            }
        }
    }

    private RecordOutcome ReadBlock(out CapturedDatagram datagram)
    {
        datagram = default;
        var isFirstBlock = _typeAlreadyRead;
        var have = _typeAlreadyRead ? 4 : 0;
        _typeAlreadyRead = false;
        var blockOffset = _input.Position - have;

        have += _input.ReadUpTo(_blockHead.AsSpan(have, BlockHeaderLength - have));
        if (have == 0)
            return RecordOutcome.EndOfInput;
        if (have < BlockHeaderLength)
            return Truncated(isFirstBlock, blockOffset);

        var type = _order.UInt32(_blockHead);
        if (type == SectionHeaderBlockType)
        {
            // The byte order of this section (and of the SHB's own length) is only known from the
            // byte-order magic that follows the length (§4.1); sections may differ in byte order.
            if (!_input.TryReadExactly(_blockHead.AsSpan(BlockHeaderLength, 4)))
                return Truncated(isFirstBlock, blockOffset);
            _order = BinaryPrimitives.ReadUInt32BigEndian(_blockHead.AsSpan(BlockHeaderLength)) switch
            {
                ByteOrderMagic => ByteOrder.Big,
                0x4D3C2B1A => ByteOrder.Little,
                var magic => throw _input.Corrupt(blockOffset + BlockHeaderLength, $"pcapng byte-order magic 0x{magic:X8} is invalid"),
            };
            have = BlockHeaderLength + 4;
        }

        var length = _order.UInt32(_blockHead.AsSpan(4));
        var minLength = type == SectionHeaderBlockType ? MinSectionHeaderLength : MinBlockLength;
        // §3.1: the total length counts header and trailer and is a multiple of 4.
        if (length < minLength || length % 4 != 0 || length > MaxBlockLength)
            throw _input.Corrupt(blockOffset + 4, $"pcapng block length {length} is invalid");

        var block = _input.Scratch((int)length).AsSpan(0, (int)length);
        _blockHead.AsSpan(0, have).CopyTo(block);
        if (!_input.TryReadExactly(block[have..]))
            return Truncated(isFirstBlock, blockOffset);

        var trailingLength = _order.UInt32(block[^BlockTrailerLength..]);
        if (trailingLength != length)
            throw _input.Corrupt(blockOffset + length - BlockTrailerLength,
                $"pcapng trailing block length {trailingLength} differs from leading length {length}");

        var body = block[BlockHeaderLength..^BlockTrailerLength];
        switch (type)
        {
            case SectionHeaderBlockType:
                ReadSectionHeader(body, blockOffset);
                return RecordOutcome.NoDatagram;
            case InterfaceDescriptionBlockType:
                ReadInterfaceDescription(body, blockOffset);
                return RecordOutcome.NoDatagram;
            case EnhancedPacketBlockType:
                return ReadEnhancedPacket(body, blockOffset, out datagram);
            case SimplePacketBlockType:
                return ReadSimplePacket(body, blockOffset, out datagram);
            default:
                _stats.SkippedBlocks++;
                return RecordOutcome.NoDatagram;
        }
    }

    /// <summary>A cut first block means the file header is corrupt; a cut later block is a file still being written.</summary>
    private RecordOutcome Truncated(bool isFirstBlock, long blockOffset)
    {
        if (isFirstBlock)
            throw _input.Corrupt(blockOffset, "pcapng section header block is truncated");
        _stats.TruncatedRecords++;
        return RecordOutcome.EndOfInput;
    }

    private void ReadSectionHeader(ReadOnlySpan<byte> body, long blockOffset)
    {
        // §4.1: readers must not read a section whose major version they do not know.
        var major = _order.UInt16(body[4..]);
        if (major != 1)
            throw _input.Corrupt(blockOffset + BlockHeaderLength + 4, $"pcapng major version {major} is not 1");
        // Interface IDs are numbered per section (§4.2).
        _interfaces.Clear();
    }

    private void ReadInterfaceDescription(ReadOnlySpan<byte> body, long blockOffset)
    {
        // §4.2: LinkType (2), reserved (2), SnapLen (4), options.
        if (body.Length < 8)
            throw _input.Corrupt(blockOffset, "pcapng interface description block is too short");

        var resolution = TimestampResolution.Microseconds; // §4.2: the default without if_tsresol
        long offsetSeconds = 0;
        var options = body[8..];
        while (options.Length >= 4)
        {
            var code = _order.UInt16(options);
            int valueLength = _order.UInt16(options[2..]);
            if (code == EndOfOptions)
                break;
            if (options.Length - 4 < valueLength)
                throw _input.Corrupt(blockOffset, $"pcapng interface option {code} overruns its block");

            var value = options.Slice(4, valueLength);
            if (code == IfTsresol && valueLength == 1 && !TimestampResolution.TryFromTsresol(value[0], out resolution))
                throw _input.Corrupt(blockOffset, $"pcapng if_tsresol 0x{value[0]:X2} is not supported");
            if (code == IfTsoffset && valueLength == 8)
                offsetSeconds = (long)_order.UInt64(value);

            // §3.5: option values are padded to 32 bits.
            options = options[Math.Min(options.Length, 4 + ((valueLength + 3) & ~3))..];
        }

        _interfaces.Add(new PcapNgInterface(_order.UInt16(body), _order.UInt32(body[4..]), resolution, offsetSeconds));
    }

    private RecordOutcome ReadEnhancedPacket(ReadOnlySpan<byte> body, long blockOffset, out CapturedDatagram datagram)
    {
        // §4.3: Interface ID, timestamp high and low, captured and original length, data, options.
        if (body.Length < 20)
            throw _input.Corrupt(blockOffset, "pcapng enhanced packet block is too short");
        var networkInterface = Interface(_order.UInt32(body), blockOffset);
        var capturedLength = _order.UInt32(body[12..]);
        if (capturedLength > body.Length - 20)
            throw _input.Corrupt(blockOffset, $"pcapng packet length {capturedLength} overruns its block");

        var units = (ulong)_order.UInt32(body[4..]) << 32 | _order.UInt32(body[8..]);
        var timestamp = networkInterface.Resolution.ToDateTime(units, networkInterface.TimestampOffsetSeconds);
        return FrameDecoder.TryDecode(networkInterface.LinkType, body.Slice(20, (int)capturedLength), timestamp, _stats, out datagram)
            ? RecordOutcome.Datagram
            : RecordOutcome.NoDatagram;
    }

    private RecordOutcome ReadSimplePacket(ReadOnlySpan<byte> body, long blockOffset, out CapturedDatagram datagram)
    {
        // §4.4: only the original length; the captured length is what fits, capped by the
        // snap length of interface 0, which every simple packet belongs to.
        if (body.Length < 4)
            throw _input.Corrupt(blockOffset, "pcapng simple packet block is too short");
        var networkInterface = Interface(0, blockOffset);
        var capturedLength = Math.Min(_order.UInt32(body), (uint)(body.Length - 4));
        if (networkInterface.SnapLength != 0)
            capturedLength = Math.Min(capturedLength, networkInterface.SnapLength);

        // §4.4: a simple packet has no timestamp; the epoch says "unknown" without inventing one.
        return FrameDecoder.TryDecode(networkInterface.LinkType, body.Slice(4, (int)capturedLength), DateTime.UnixEpoch, _stats, out datagram)
            ? RecordOutcome.Datagram
            : RecordOutcome.NoDatagram;
    }

    private PcapNgInterface Interface(uint id, long blockOffset) =>
        id < (uint)_interfaces.Count
            ? _interfaces[(int)id]
            : throw _input.Corrupt(blockOffset, $"pcapng packet cites interface {id}, but the section describes {_interfaces.Count}");
}
