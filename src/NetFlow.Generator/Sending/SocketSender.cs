using System.Net.Sockets;

namespace NetFlow.Generator.Sending;

/// <summary>The portable way: one system call per datagram.</summary>
internal sealed class SocketSender(Socket socket) : DatagramSender(socket)
{
    public override void Send(DatagramBatch batch, SendTotals totals)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            Socket.Send(batch[i], SocketFlags.None, out var error);
            if (error == SocketError.Success)
                totals.CountSent(batch, i);
            else
                totals.CountError(error.ToString());
        }
    }
}
