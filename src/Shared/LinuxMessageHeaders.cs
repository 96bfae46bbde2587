using System.Runtime.InteropServices;

namespace NetFlow.Interop;

// The C structures recvmmsg(2) and sendmmsg(2) take, written once for the collector's receive
// path and the generator's send path: this file is compiled into both (a linked source file), so
// neither project references the other and the layouts cannot drift apart.

/// <summary>struct iovec (sys/uio.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoVec
{
    public nint Base;
    public nuint Length;
}

/// <summary>struct msghdr (sys/socket.h); sequential layout gives the same padding as C.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MsgHdr
{
    public nint Name;
    public uint NameLength;
    /// <summary>The address of the message's <see cref="IoVec"/> array.</summary>
    public nint Iov;
    public nuint IovLength;
    public nint Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>struct mmsghdr: a message and, on return, its length (received or sent bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    public MsgHdr Header;
    public uint Length;
}
