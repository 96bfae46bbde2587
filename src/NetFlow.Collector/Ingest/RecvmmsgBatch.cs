using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetFlow.Interop;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// Linux recvmmsg(2) on one UDP socket: up to <see cref="Capacity"/> datagrams per system call,
/// each into its own slot (a pinned array), with its source address beside it. Blocking with
/// MSG_WAITFORONE: the call waits for one datagram and takes whatever else is already queued, so a
/// lone datagram is delivered at once and a burst costs one call per <see cref="Capacity"/>.
/// <para>
/// A slot holds any UDP datagram (65,507 bytes over IPv4, 65,527 over IPv6), so nothing an
/// exporter can send is cut. Slots are pinned arrays left uninitialised, which the kernel backs
/// with pages only where it has written: slots of 1,500-byte datagrams cost one page each, and all
/// of them (about 4 MiB per socket, an eighth of the receive buffer the collector asks for) only
/// if every slot has once held a near-64 KiB datagram. Default slots are a cache line longer than
/// 64 KiB (<see cref="DatagramBuffers.ReceiveSlotBytes"/>) so that the same offset in each does not
/// fall into the same cache set, and so that a slot can be handed over whole (<see cref="TryExchange"/>).
/// </para>
/// <para>
/// With <see cref="EnableGro"/> (UDP_GRO, Linux 5.0+) the kernel may hand over a run of datagrams of
/// one sender, of one size (the last may be shorter), as one receive, and says the size in a control
/// message (<see cref="SegmentSizeOf"/>). The caller splits them again: the exporter still sends, and
/// the decoder still sees, one datagram at a time; what is saved is the kernel's work per datagram.
/// The kernel never coalesces more than 64 KiB, so a coalesced receive fits its slot.
/// </para>
/// <para>
/// The descriptor must stay in blocking mode: the socket is never used for an async operation
/// (which would make .NET switch it to non-blocking), and its SO_RCVTIMEO bounds each wait, so the
/// caller gets EAGAIN back regularly and can look at its stop flag.
/// </para>
/// </summary>
internal sealed class RecvmmsgBatch : IDisposable
{
    public const int DefaultCapacity = 64;
    /// <summary>The largest UDP payload (65,527 bytes over IPv6) rounded up: no datagram is ever truncated.</summary>
    public const int DefaultSlotBytes = 65_536;

    // Linux <bits/socket.h>, <asm-generic/errno*.h>: the same on every architecture .NET runs on.
    private const int MsgTrunc = 0x20, MsgDontWait = 0x40, MsgWaitForOne = 0x1_0000;
    public const int EIntr = 4, EAgain = 11;
    private const int EBadF = 9, EFault = 14, EInval = 22, ENoSys = 38, ENotSock = 88;
    private const int CacheLine = 64;
    /// <summary>sizeof(struct sockaddr_in6) is 28; a slot's address room is rounded to 32.</summary>
    private const int NameBytes = 32;
    // Linux <netinet/udp.h>: SOL_UDP, UDP_GRO; struct cmsghdr is { size_t len; int level; int type; } then data.
    private const int SolUdp = 17, UdpGro = 104;
    private const int CmsgHeaderBytes = 16;
    /// <summary>Control room per message: one UDP_GRO message (CMSG_SPACE(sizeof(int)) = 24) with room to spare.</summary>
    private const int ControlBytes = 64;

    private readonly int _fd;
    private readonly MMsgHdr[] _headers;
    private readonly IoVec[] _vectors;
    private readonly byte[] _names;
    private readonly byte[] _controls;
    /// <summary>With GRO, each receive's datagram size from its control message, read once per receive.</summary>
    private readonly int[] _segmentSizes;
    private readonly nint _headerAddress;
    /// <summary>Each slot's array, pinned: the kernel writes into it at the address in its iovec.</summary>
    private readonly byte[][] _slots;
    /// <summary>Headers the kernel filled in the last call: their msg_namelen must be reset.</summary>
    private int _filled;
    private bool _disposed;

    public RecvmmsgBatch(Socket socket, int capacity = DefaultCapacity, int slotBytes = DefaultSlotBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotBytes, 1);
        Capacity = capacity;
        SlotBytes = slotBytes;
        _fd = (int)socket.Handle;
        CanExchange = slotBytes == DefaultSlotBytes;
        _slots = new byte[capacity][];
        for (int i = 0; i < capacity; i++)
        {
            _slots[i] = CanExchange
                ? DatagramBuffers.RentReceiveSlot()
                : GC.AllocateUninitializedArray<byte>((slotBytes + CacheLine - 1) / CacheLine * CacheLine + CacheLine, pinned: true);
        }

        // On the pinned object heap: the kernel reads and writes them during the call.
        _headers = GC.AllocateArray<MMsgHdr>(capacity, pinned: true);
        _vectors = GC.AllocateArray<IoVec>(capacity, pinned: true);
        _names = GC.AllocateArray<byte>(capacity * NameBytes, pinned: true);
        _controls = GC.AllocateArray<byte>(capacity * ControlBytes, pinned: true);
        _segmentSizes = new int[capacity];
        _headerAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i] = new IoVec { Base = SlotAddress(i), Length = (nuint)slotBytes };
            ref var header = ref _headers[i].Header;
            header.Name = Marshal.UnsafeAddrOfPinnedArrayElement(_names, i * NameBytes);
            header.NameLength = NameBytes;
            header.Iov = Marshal.UnsafeAddrOfPinnedArrayElement(_vectors, i);
            header.IovLength = 1;
            header.Control = Marshal.UnsafeAddrOfPinnedArrayElement(_controls, i * ControlBytes);
            header.ControlLength = ControlBytes;
        }
    }

    public int Capacity { get; }
    public int SlotBytes { get; }
    /// <summary>True once UDP_GRO is on for the socket: receives may then hold several datagrams (<see cref="SegmentSizeOf"/>).</summary>
    public bool GroEnabled { get; private set; }

    /// <summary>Asks the kernel for UDP_GRO on the socket; false (and nothing changes) where it is refused, e.g. before Linux 5.0.</summary>
    public bool EnableGro()
    {
        int on = 1;
        GroEnabled = SetSocketOption(_fd, SolUdp, UdpGro, ref on, sizeof(int)) == 0;
        return GroEnabled;
    }

    /// <summary>
    /// Whether this process can use recvmmsg on <paramref name="socket"/>: Linux, a libc that has
    /// it, and a kernel (or sandbox) that does not answer ENOSYS. A call for zero messages asks
    /// without receiving anything.
    /// </summary>
    public static bool IsAvailable(Socket socket, out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "not Linux";
            return false;
        }
        try
        {
            if (ReceiveMessages((int)socket.Handle, 0, 0, MsgDontWait, 0) >= 0)
                return true;
            int errno = Marshal.GetLastPInvokeError();
            reason = errno == ENoSys ? "the kernel refuses recvmmsg (ENOSYS)" : $"recvmmsg: {Marshal.GetPInvokeErrorMessage(errno)}";
            return false;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            reason = $"libc has no recvmmsg ({e.GetType().Name})";
            return false;
        }
    }

    /// <summary>
    /// One recvmmsg call: with <paramref name="wait"/>, blocks until a datagram is there (or the
    /// socket's receive timeout passes); without, takes only what is queued. Returns the number of
    /// datagrams, or -1 with <paramref name="errno"/> (EAGAIN: nothing came).
    /// </summary>
    public int Receive(bool wait, out int errno)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < _filled; i++)
        {
            // The kernel wrote back the lengths it used.
            _headers[i].Header.NameLength = NameBytes;
            _headers[i].Header.ControlLength = ControlBytes;
        }
        // MSG_TRUNC makes msg_len the datagram's real length even when it did not fit its slot.
        int count = ReceiveMessages(_fd, _headerAddress, (uint)Capacity, MsgTrunc | (wait ? MsgWaitForOne : MsgDontWait), 0);
        if (count < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            _filled = 0;
            return -1;
        }
        errno = 0;
        _filled = count;
        if (GroEnabled)
        {
            for (int i = 0; i < count; i++)
                _segmentSizes[i] = ReadSegmentSize(i);
        }
        return count;
    }

    /// <summary>The datagram's length as sent, which is more than <see cref="SlotBytes"/> when it was truncated.</summary>
    public int LengthOf(int index) => (int)_headers[index].Length;

    public bool IsTruncated(int index) => (_headers[index].Header.Flags & MsgTrunc) != 0;

    /// <summary>
    /// With GRO: the size of each datagram in receive <paramref name="index"/> when the kernel
    /// coalesced several (the last may be shorter); 0 when it holds one datagram as sent.
    /// </summary>
    public int SegmentSizeOf(int index) => GroEnabled ? _segmentSizes[index] : 0;

    /// <summary>The datagrams receive <paramref name="index"/> holds.</summary>
    public Segments SegmentsOf(int index) => Segments.Of(LengthOf(index), SegmentSizeOf(index));

    /// <summary>The UDP_GRO control message of receive <paramref name="index"/>, if the kernel wrote one.</summary>
    private int ReadSegmentSize(int index)
    {
        var control = _controls.AsSpan(index * ControlBytes, (int)Math.Min(_headers[index].Header.ControlLength, (nuint)ControlBytes));
        while (control.Length >= CmsgHeaderBytes)
        {
            long length = BitConverter.ToInt64(control);
            if (length < CmsgHeaderBytes || length > control.Length)
                return 0;
            if (BitConverter.ToInt32(control[8..]) == SolUdp && BitConverter.ToInt32(control[12..]) == UdpGro && length >= CmsgHeaderBytes + sizeof(int))
                return BitConverter.ToInt32(control[CmsgHeaderBytes..]);
            int next = (int)((length + 7) & ~7L); // CMSG_ALIGN
            if (next >= control.Length)
                return 0;
            control = control[next..];
        }
        return 0;
    }

    public ExporterKey ExporterOf(int index) => ExporterKey.FromLinuxSockaddr(_names.AsSpan(index * NameBytes, NameBytes));

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> of receive <paramref name="index"/> (not truncated) out of its slot.</summary>
    public void CopyTo(int index, int offset, int length, byte[] destination) => _slots[index].AsSpan(offset, length).CopyTo(destination);

    /// <summary>True when slots are <see cref="DatagramBuffers.ReceiveSlotBytes"/> arrays, which <see cref="TryExchange"/> hands over (default slots).</summary>
    public bool CanExchange { get; }

    /// <summary>
    /// Hands over receive <paramref name="index"/>'s slot whole, the receive in it (from offset 0),
    /// and puts another from <see cref="DatagramBuffers.TryRentReceiveSlot"/> in its place for the
    /// next call: a coalesced receive goes to its worker without being copied. Null (the slot stays)
    /// when every slot is out: the caller copies the receive out instead.
    /// </summary>
    public byte[]? TryExchange(int index)
    {
        if (!CanExchange)
            throw new InvalidOperationException($"slots of {SlotBytes} bytes are not handed over");
        if (DatagramBuffers.TryRentReceiveSlot() is not { } replacement)
            return null;
        var taken = _slots[index];
        _slots[index] = replacement;
        _vectors[index].Base = SlotAddress(index);
        return taken;
    }

    /// <summary>Errors after which receiving on this descriptor can never succeed.</summary>
    public static bool IsFatal(int errno) => errno is EBadF or EFault or EInval or ENotSock;

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private nint SlotAddress(int index) => Marshal.UnsafeAddrOfPinnedArrayElement(_slots[index], 0);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (CanExchange)
        {
            foreach (var slot in _slots)
                DatagramBuffers.Return(slot);
        }
    }

    [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static extern int ReceiveMessages(int fd, nint messages, uint count, int flags, nint timeout);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static extern int SetSocketOption(int fd, int level, int name, ref int value, uint length);
}
