using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetFlow.Interop;

namespace NetFlow.Generator.Sending;

/// <summary>
/// Linux sendmmsg(2): a whole batch in one system call, which is what lets one core offer a
/// collector a quarter of a million datagrams a second. The socket is connected, so the message
/// headers carry no address. The header, iovec and control arrays live in native memory for the
/// sender's life.
/// <para>
/// With segmentation offload (UDP_SEGMENT, Linux 4.18+), each run of equal-length datagrams in a
/// batch goes as one message whose iovecs the kernel cuts back into those datagrams: the stack is
/// walked once per run instead of once per datagram, about three times the rate on loopback. The
/// receiver gets the same datagrams either way, but a capture on the sending host (tcpdump -i lo)
/// sees each run as one oversized packet, which is why it is not the default. If the kernel or the
/// device refuses it, the sender falls back to one message per datagram.
/// </para>
/// </summary>
internal sealed unsafe partial class SendmmsgSender : DatagramSender
{
    private const int EINTR = 4;
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    /// <summary>UDP_MAX_SEGMENTS of the kernel (64 before Linux 6.x raised it).</summary>
    private const int MaxSegments = 64;
    /// <summary>All segments of one message together must fit one IPv4 datagram's payload.</summary>
    private const int MaxSegmentedBytes = 65_507;

    private readonly MMsgHdr* _headers;
    private readonly IoVec* _vectors;
    private readonly SegmentControl* _controls;
    private readonly int[] _firstDatagram;
    private readonly int[] _datagramCount;
    private readonly int _capacity;
    private readonly int _fd;
    private bool _segmentation;
    private bool _disposed;

    public SendmmsgSender(Socket socket, int capacity, bool segmentation) : base(socket)
    {
        _capacity = capacity;
        _segmentation = segmentation;
        _fd = (int)socket.Handle;
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MMsgHdr));
        _vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(IoVec));
        _controls = (SegmentControl*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(SegmentControl));
        _firstDatagram = new int[capacity];
        _datagramCount = new int[capacity];
    }

    /// <summary>False once the kernel has refused segmentation offload (or it was never asked for).</summary>
    public bool Segmentation => _segmentation;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per batch: optimised from the first call, not after tiering
    public override void Send(DatagramBatch batch, SendTotals totals)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = batch.Count;
        if (count > _capacity)
            throw new ArgumentException($"a batch of {count} is more than this sender's {_capacity}", nameof(batch));
        for (int i = 0; i < count; i++)
        {
            _vectors[i].Base = batch.AddressOf(i);
            _vectors[i].Length = (nuint)batch.LengthOf(i);
        }

        int messages = BuildMessages(batch, 0, 0);
        int next = 0;
        while (next < messages)
        {
            int sent = SendMessages(_fd, _headers + next, (uint)(messages - next), 0);
            if (sent > 0)
            {
                for (int m = next; m < next + sent; m++)
                {
                    for (int i = _firstDatagram[m]; i < _firstDatagram[m] + _datagramCount[m]; i++)
                        totals.CountSent(batch, i);
                }
                next += sent;
                continue;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (sent < 0 && errno == EINTR)
                continue;
            if (_segmentation && _datagramCount[next] > 1 && LinuxErrors.RefusesSegmentation(errno))
            {
                // The rest of the batch, and every batch after it, one message per datagram.
                _segmentation = false;
                messages = BuildMessages(batch, next, _firstDatagram[next]);
                continue;
            }
            // sendmmsg reports an error only when the first message of the call failed: its datagrams are lost.
            for (int i = 0; i < _datagramCount[next]; i++)
                totals.CountError(LinuxErrors.Name(errno));
            if (LinuxErrors.IsFatal(errno))
                throw new IOException($"sendmmsg to {Socket.RemoteEndPoint}: {Marshal.GetPInvokeErrorMessage(errno)} ({LinuxErrors.Name(errno)})");
            next++;
        }
    }

    /// <summary>
    /// Lays the batch's datagrams from <paramref name="firstDatagram"/> on out as messages from
    /// <paramref name="firstMessage"/> on: one per datagram, or, with segmentation, one per run of
    /// equal-length datagrams (at most <see cref="MaxSegments"/>, together at most 64 KiB). Returns
    /// the number of messages.
    /// </summary>
    private int BuildMessages(DatagramBatch batch, int firstMessage, int firstDatagram)
    {
        int count = batch.Count;
        int m = firstMessage;
        for (int i = firstDatagram; i < count; m++)
        {
            int length = batch.LengthOf(i);
            int run = 1;
            if (_segmentation)
            {
                while (i + run < count && run < MaxSegments && batch.LengthOf(i + run) == length && (run + 1) * length <= MaxSegmentedBytes)
                    run++;
            }
            ref var header = ref _headers[m].Header;
            header.Iov = (nint)(&_vectors[i]);
            header.IovLength = (nuint)run;
            if (run > 1)
            {
                // cmsg(SOL_UDP, UDP_SEGMENT, u16 segment size): the kernel cuts the message every `length` bytes.
                _controls[m] = new SegmentControl { Length = (nuint)(sizeof(CmsgHeader) + sizeof(ushort)), Level = SolUdp, Type = UdpSegment, SegmentSize = (ushort)length };
                header.Control = (nint)(&_controls[m]);
                header.ControlLength = (nuint)sizeof(SegmentControl);
            }
            else
            {
                header.Control = 0;
                header.ControlLength = 0;
            }
            _firstDatagram[m] = i;
            _datagramCount[m] = run;
            i += run;
        }
        return m;
    }

    public override void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_headers);
            NativeMemory.Free(_vectors);
            NativeMemory.Free(_controls);
        }
        base.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMessages(int fd, MMsgHdr* messages, uint count, int flags);

    /// <summary>struct cmsghdr (sys/socket.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>One control message carrying a 16-bit segment size, padded to CMSG_SPACE(2) by the 8-byte alignment.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SegmentControl
    {
        public nuint Length;
        public int Level;
        public int Type;
        public ushort SegmentSize;
    }
}
