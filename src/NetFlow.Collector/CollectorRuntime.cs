using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NetFlow.Collector.Access;
using NetFlow.Collector.Ingest;
using NetFlow.Collector.Pipeline;
using NetFlow.Collector.Sinks;
using NetFlow.Collector.State;

namespace NetFlow.Collector;

/// <summary>
/// The running collector: listeners -> decode workers (by exporter) -> sink runners. Start brings
/// it up in the reverse order (sinks first, listeners last); Stop takes it down so nothing decoded
/// is lost: stop receiving, drain the workers, drain and flush the sinks, save the state.
/// </summary>
public sealed class CollectorRuntime : IAsyncDisposable
{
    private readonly CollectorOptions _options;
    private readonly ILogger _log;
    private readonly ILoggerFactory _logs;
    private readonly List<UdpListener> _udp = [];
    private readonly List<TcpIpfixListener> _tcp = [];
    private readonly List<DecodeWorker> _workers = [];
    private readonly List<SinkRunner> _runners = [];
    private readonly CancellationTokenSource _stateLoop = new();
    private Task? _stateTask;
    private bool _stopped;

    public CollectorRuntime(CollectorOptions options, IEnumerable<(IFlowSink Sink, SinkOptions Options)> sinks, ILoggerFactory logs)
    {
        _options = options;
        _logs = logs;
        _log = logs.CreateLogger("NetFlow.Collector");
        foreach (var (sink, sinkOptions) in sinks)
            _runners.Add(new SinkRunner(sink, sinkOptions, logs.CreateLogger($"NetFlow.Sink.{sink.Name}")));
    }

    /// <summary>Every exporter any worker has seen, for observers (metrics).</summary>
    public ConcurrentDictionary<ExporterKey, ExporterState> Exporters { get; } = new();
    internal IReadOnlyList<UdpListener> UdpListeners => _udp;
    internal IReadOnlyList<TcpIpfixListener> TcpListeners => _tcp;
    internal IReadOnlyList<DecodeWorker> Workers => _workers;
    internal IReadOnlyList<SinkRunner> SinkRunners => _runners;

    /// <summary>Where each listener ended up (port 0 becomes the port the kernel chose).</summary>
    public IReadOnlyList<string> BoundAddresses =>
        [.. _udp.Select(u => $"udp://{u.LocalEndPoint}"), .. _tcp.Select(t => $"tcp://{t.LocalEndPoint}")];

    /// <summary>True from <see cref="Start"/> until <see cref="StopAsync"/> begins.</summary>
    public bool IsRunning => _running;
    private volatile bool _running;

    public void Start()
    {
        var listen = (_options.Listen.Count > 0 ? _options.Listen : CollectorDefaults.Listen).Select(ListenAddress.Parse).ToList();
        var allow = new ExporterAllowList(_options.Allow);

        foreach (var runner in _runners)
            runner.Start();
        var fanout = new SinkFanout(_runners);

        for (int i = 0; i < _options.EffectiveWorkers; i++)
            _workers.Add(new DecodeWorker(_options, fanout, Exporters, _logs.CreateLogger("NetFlow.Decode")));
        RestoreState();
        foreach (var worker in _workers)
            worker.Start();

        var router = new DatagramRouter(_workers, allow);
        foreach (var address in listen)
        {
            if (address.Transport == ListenTransport.Udp)
            {
                var udp = new UdpListener(address, router, _log, gro: _options.UdpGro);
                udp.Start(_options.EffectiveSocketsPerPort, _options.ReceiveBufferBytes);
                _udp.Add(udp);
            }
            else
            {
                var tcp = new TcpIpfixListener(address, allow, fanout, _options.EffectiveDecoder, _log);
                tcp.Start();
                _tcp.Add(tcp);
            }
        }
        if (_options.StateFile is not null)
            _stateTask = Task.Run(SaveStatePeriodicallyAsync);
        _running = true;
    }

    /// <summary>Stop receiving, decode and hand on everything received, flush every sink, save the state.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        _running = false;
        foreach (var udp in _udp)
            await udp.DisposeAsync().ConfigureAwait(false);
        foreach (var tcp in _tcp)
            await tcp.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers.Select(w => w.CompleteAsync())).ConfigureAwait(false);
        await Task.WhenAll(_runners.Select(r => r.CompleteAsync())).ConfigureAwait(false);
        await _stateLoop.CancelAsync().ConfigureAwait(false);
        if (_stateTask is not null)
            await _stateTask.ConfigureAwait(false);
        await SaveStateAsync().ConfigureAwait(false);
        foreach (var runner in _runners)
            _log.LogInformation("stopped: {Records} records written to sink {Sink}", runner.RecordsWritten, runner.Name);
        long drained = _udp.Sum(u => u.Drained);
        if (drained > 0)
            _log.LogInformation("read {Drained} datagrams still queued in the kernel at shutdown", drained);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stateLoop.Dispose();
    }

    private void RestoreState()
    {
        if (_options.StateFile is not { } path)
            return;
        if (!File.Exists(path))
        {
            _log.LogInformation("no state file at {State} yet: templates will be learned from the exporters", path);
            return;
        }
        try
        {
            int templates = 0, rates = 0, exporters = 0;
            foreach (var saved in StateFile.Load(path))
            {
                var key = ExporterKey.From(saved.Exporter);
                var state = _workers[key.WorkerIndex(_workers.Count)].Adopt(key);
                exporters++;
                templates += saved.Templates.Count(state.Session.RestoreTemplate);
                rates += saved.Sampling.Count(state.Session.RestoreSampling);
            }
            _log.LogInformation("restored {Templates} templates and {Rates} sampling rates of {Exporters} exporters from {State}", templates, rates, exporters, path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            _log.LogWarning("could not restore state from {State}: {Error}; starting without it", path, e.Message);
        }
    }

    private async Task SaveStatePeriodicallyAsync()
    {
        try
        {
            while (!_stateLoop.IsCancellationRequested)
            {
                await Task.Delay(_options.StateInterval, _stateLoop.Token).ConfigureAwait(false);
                // Each worker snapshots its own sessions on its own task; here they are only merged.
                await SaveAsync(_workers.SelectMany(w => w.Snapshot ?? []).ToList()).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>After the workers finished: their sessions are no longer changing.</summary>
    private Task SaveStateAsync() =>
        SaveAsync(_workers.SelectMany(w => w.Exporters)
            .Select(e => ExporterSnapshot.Of(e.Session.Exporter, e.Session))
            .Where(e => !e.IsEmpty)
            .ToList());

    private async Task SaveAsync(List<ExporterSnapshot> exporters)
    {
        if (_options.StateFile is not { } path)
            return;
        try
        {
            await StateFile.SaveAsync(path, exporters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("could not save state to {State}: {Error}", path, e.Message);
        }
    }
}

/// <summary>What the collector does when told nothing.</summary>
public static class CollectorDefaults
{
    /// <summary>NetFlow on 2055 and IPFIX on 4739 (UDP and TCP), all addresses; any version is accepted on any port.</summary>
    public static IReadOnlyList<string> Listen { get; } = ["udp://[::]:2055", "udp://[::]:4739", "tcp://[::]:4739"];
    public const string StoreDirectory = "./flows";
}
