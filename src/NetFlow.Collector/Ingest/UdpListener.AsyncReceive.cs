using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NetFlow.Collector.Ingest;

/// <summary>The portable receiver: one ReceiveFromAsync per datagram, for where recvmmsg is not there.</summary>
internal sealed partial class UdpListener
{
    private async Task ReceiveLoopAsync(Socket socket)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        var cancel = _stop.Token;
        while (!cancel.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // e.g. ICMP port unreachable reported on the socket: not fatal for a listener.
                Interlocked.Increment(ref ReceiveErrors);
                _log.LogDebug(e, "udp receive error on {Listen}", _address);
                continue;
            }

            if (Accept(buffer, length, from) is not { } datagram)
                continue;
            if (!_router.WorkerFor(datagram.Exporter).TryEnqueue(datagram))
                DatagramBuffers.Return(datagram.Buffer); // the worker counted the drop
        }
    }

    /// <summary>Counts a received datagram and, if its exporter is allowed, copies it into a pooled buffer for a worker.</summary>
    private Datagram? Accept(byte[] buffer, int length, SocketAddress from)
    {
        Interlocked.Increment(ref Datagrams);
        Interlocked.Add(ref Bytes, length);
        var exporter = ExporterKey.From(from);
        if (!_router.AllowList.Allows(exporter))
        {
            Interlocked.Increment(ref Denied);
            return null;
        }
        var copy = DatagramBuffers.Rent(Math.Max(1, length));
        buffer.AsSpan(0, length).CopyTo(copy);
        return new Datagram(copy, length, exporter, DateTime.UtcNow);
    }

    private async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[MaxDatagram];
        var from = new SocketAddress(socket.AddressFamily);
        socket.Blocking = false;
        while (true)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return; // the kernel queue is empty
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref ReceiveErrors);
                continue;
            }
            Interlocked.Increment(ref Drained);
            if (Accept(buffer, length, from) is { } datagram)
                await _router.WorkerFor(datagram.Exporter).EnqueueWaitingAsync(datagram).ConfigureAwait(false);
        }
    }
}
