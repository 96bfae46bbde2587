using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NetFlow.Collector.Access;
using NetFlow.Collector.Sinks;
using NetFlow.Protocol;
using NetFlow.Collector.Pipeline;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Collector.Ingest;

/// <summary>
/// IPFIX over TCP (RFC 7011 §10.4): one template state per connection, messages framed by their
/// length field across reads. A connection decodes on its own task (its templates are its own, so
/// no routing is needed) and hands its batches to the sinks like the UDP workers do. A stream
/// whose framing is lost is closed, as §10.4.2 leaves no way to resynchronise.
/// </summary>
internal sealed class TcpIpfixListener : IAsyncDisposable
{
    private const int MaxMessage = 65_535;

    private readonly ListenAddress _address;
    private readonly ExporterAllowList _allowList;
    private readonly SinkFanout _sinks;
    private readonly DecoderOptions _decoderOptions;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Socket? _socket;
    private Task? _accept;

    public TcpIpfixListener(ListenAddress address, ExporterAllowList allowList, SinkFanout sinks, DecoderOptions decoderOptions, ILogger log)
    {
        _address = address;
        _allowList = allowList;
        _sinks = sinks;
        _decoderOptions = decoderOptions;
        _log = log;
    }

    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint;
    public long Connections;
    public long Denied;
    public long FramingLost;
    public long Bytes;
    /// <summary>Sessions of open connections, for metrics; removed when the connection ends.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<ExporterSession, byte> OpenSessions { get; } = new();
    /// <summary>
    /// Sessions of connections that ended, kept until an observer (metrics) has taken them, so what
    /// they decoded after its last look is not lost; the oldest go beyond a bound.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentQueue<ExporterSession> ClosedSessions { get; } = new();
    private const int MaxClosedSessions = 1024;

    public void Start()
    {
        var endpoint = _address.EndPoint;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
            _socket.DualMode = true;
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(128);
        _accept = Task.Run(AcceptLoopAsync);
        _log.LogInformation("listening on tcp://{EndPoint} (IPFIX)", LocalEndPoint);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                _log.LogWarning(e, "accept failed on {Listen}", _address);
                continue;
            }
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            if (!_allowList.Allows(ExporterKey.From(remote.Address)))
            {
                Interlocked.Increment(ref Denied);
                client.Dispose();
                continue;
            }
            Interlocked.Increment(ref Connections);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(Task.Run(() => ServeAsync(client, remote)));
            }
        }
    }

    private async Task ServeAsync(Socket client, IPEndPoint remote)
    {
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var session = new ExporterSession(address, _decoderOptions);
        OpenSessions[session] = 0;
        var buffer = new byte[2 * MaxMessage];
        int filled = 0;
        var batch = _sinks.RentBatch();
        var errors = new DecodeErrorLog(_log, remote.ToString(), TimeSpan.FromSeconds(10));
        _log.LogInformation("IPFIX over TCP from {Remote}", remote);
        try
        {
            while (true)
            {
                int read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                    break; // the exporter closed the connection
                Interlocked.Add(ref Bytes, read);
                filled += read;
                var handler = new BatchingHandler(batch, errors);
                int used = session.DecodeStream(buffer.AsSpan(0, filled), DateTime.UtcNow, ref handler, out bool framingLost);
                if (framingLost)
                {
                    Interlocked.Increment(ref FramingLost);
                    _log.LogWarning("IPFIX over TCP from {Remote}: invalid message header, closing the connection", remote);
                    break;
                }
                buffer.AsSpan(used, filled - used).CopyTo(buffer);
                filled -= used;
                if (batch.Count > 0)
                {
                    await _sinks.PublishAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    batch = _sinks.RentBatch();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopping, or the peer went away: what was decoded is published below
        }
        finally
        {
            await _sinks.PublishAsync(batch, CancellationToken.None).ConfigureAwait(false);
            session.Release();
            ClosedSessions.Enqueue(session);
            while (ClosedSessions.Count > MaxClosedSessions)
                ClosedSessions.TryDequeue(out _);
            OpenSessions.TryRemove(session, out _);
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        if (_accept is not null)
            await _accept.ConfigureAwait(false);
        Task[] open;
        lock (_connections)
            open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(false);
        _stop.Dispose();
    }

}
