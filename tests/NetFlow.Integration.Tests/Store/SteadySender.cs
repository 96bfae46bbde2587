using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NetFlow.Integration.Tests.Collect;

namespace NetFlow.Integration.Tests.Store;

/// <summary>
/// Sends known records to a collector at a steady pace from a background thread: one datagram of
/// <c>perDatagram</c> records every <c>every</c>, in order, from one socket (so one exporter, whose
/// records the collector keeps in order), until all are sent.
/// </summary>
public sealed class SteadySender : IDisposable
{
    private readonly Thread _thread;
    private readonly List<byte[]> _datagrams;
    private readonly int _perDatagram;
    private readonly int _total;
    private readonly TimeSpan _every;
    private readonly IPEndPoint _collector;
    private volatile bool _stop;
    private int _sentDatagrams;
    private Exception? _failure;

    public SteadySender(CollectorProcess collector, IReadOnlyList<ListedFlow> flows, int perDatagram, TimeSpan every)
    {
        uint sequence = 1;
        _datagrams = SyntheticExport.Datagrams(flows, ref sequence, perDatagram);
        _perDatagram = perDatagram;
        _total = flows.Count;
        _every = every;
        _collector = collector.EndPoint;
        _thread = new Thread(Run) { IsBackground = true, Name = "steady sender" };
        _thread.Start();
    }

    public bool IsDone => !_thread.IsAlive;

    /// <summary>Records sent so far.</summary>
    public int Sent => Math.Min(_total, Volatile.Read(ref _sentDatagrams) * _perDatagram);

    /// <summary>Waits until everything is sent; rethrows what stopped the sender.</summary>
    public void WaitUntilDone(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
            throw new TimeoutException($"the sender did not finish within {timeout.TotalSeconds:0} s ({Sent} of {_total} records sent)");
        if (_failure is not null)
            throw new InvalidOperationException("the steady sender failed", _failure);
    }

    private void Run()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < _datagrams.Count && !_stop; i++)
            {
                var due = _every * i - clock.Elapsed;
                if (due > TimeSpan.Zero)
                    Thread.Sleep(due);
                socket.SendTo(_datagrams[i], _collector);
                Interlocked.Increment(ref _sentDatagrams);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _failure = e;
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
