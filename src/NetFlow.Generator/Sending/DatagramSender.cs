using System.Net.Sockets;

namespace NetFlow.Generator.Sending;

/// <summary>
/// Hands batches of datagrams to one connected UDP socket. Errors the kernel reports for a
/// datagram (a full queue, an unreachable port) are counted and the datagram is skipped: a load
/// generator carries on, as an exporter would.
/// </summary>
internal abstract class DatagramSender : IDisposable
{
    protected DatagramSender(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>Sends every datagram of <paramref name="batch"/>, in order, adding to <paramref name="totals"/>.</summary>
    public abstract void Send(DatagramBatch batch, SendTotals totals);

    /// <summary>sendmmsg(2) on Linux (with UDP segmentation offload if asked), one Socket.Send per datagram elsewhere.</summary>
    public static DatagramSender Create(Socket socket, int batchCapacity, bool segmentation = false) =>
        OperatingSystem.IsLinux() ? new SendmmsgSender(socket, batchCapacity, segmentation) : new SocketSender(socket);

    public virtual void Dispose() => Socket.Dispose();
}
