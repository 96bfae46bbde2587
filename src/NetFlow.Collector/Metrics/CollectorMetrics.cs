using NetFlow.Protocol;
using Prometheus;

namespace NetFlow.Collector.Metrics;

/// <summary>
/// The collector's Prometheus metrics, on a registry of its own (several collectors, or tests, can
/// run side by side). Nothing on the hot path touches them: every scrape first reads the counters
/// the listeners, workers, sessions and sinks keep anyway (<see cref="Update"/>), then the registry
/// is exported. Counters follow our own monotonic totals with <c>IncTo</c>; levels are gauges.
/// </summary>
public sealed partial class CollectorMetrics
{
    private static readonly DecodeStatus[] Reasons = Enum.GetValues<DecodeStatus>().Where(s => s != DecodeStatus.Ok).ToArray();

    private readonly CollectorRuntime _runtime;
    private readonly CollectorMetricsOptions _options;
    private readonly Lock _gate = new();

    public CollectorMetrics(CollectorRuntime runtime, CollectorMetricsOptions? options = null)
    {
        _runtime = runtime;
        _options = options ?? CollectorMetricsOptions.Default;
        _exporterLabels = new ExporterLabels(_options.MaxExporterLabels);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);

        _udpDatagrams = f.CreateCounter("netflow_udp_received_datagrams_total", "Datagrams read from the UDP sockets of a listener, before the allow list.", "listener");
        _udpBytes = f.CreateCounter("netflow_udp_received_bytes_total", "Payload bytes read from the UDP sockets of a listener, before the allow list.", "listener");
        _udpDenied = f.CreateCounter("netflow_udp_denied_datagrams_total", "Datagrams dropped because their source is not in the allow list.", "listener");
        _udpCoalesced = f.CreateCounter("netflow_udp_gro_receives_total", "Receives that held several datagrams of one exporter, coalesced by the kernel (UDP GRO); the datagrams are counted one by one as received.", "listener");
        _udpTruncated = f.CreateCounter("netflow_udp_truncated_datagrams_total", "Datagrams longer than the receive slot, dropped whole rather than decoded cut (cannot happen with the default 64 KiB slots).", "listener");
        _udpReceiveErrors = f.CreateCounter("netflow_udp_receive_errors_total", "Socket errors reported by receive (e.g. ICMP port unreachable), not fatal.", "listener");
        _udpReceiveBuffer = f.CreateGauge("netflow_udp_receive_buffer_bytes", "Receive buffer the kernel granted per socket (SO_RCVBUF as Linux reports it; capped by net.core.rmem_max).", "listener");
        _kernelDrops = f.CreateCounter("netflow_kernel_drops_total", "Receives the kernel dropped for the listener's sockets because their receive buffer was full (drops column of /proc/net/udp and udp6): a datagram each, but a coalesced (UDP GRO) burst of datagrams from one exporter counts once; netflow_sequence_lost_units_total counts what the exporters' sequence numbers show missing.", "listener");
        _kernelQueue = f.CreateGauge("netflow_kernel_receive_queue_bytes", "Bytes waiting in the kernel receive buffers of the listener's sockets (rx_queue of /proc/net/udp and udp6).", "listener");

        _tcpConnections = f.CreateCounter("netflow_tcp_connections_total", "IPFIX over TCP connections accepted.", "listener");
        _tcpDenied = f.CreateCounter("netflow_tcp_denied_connections_total", "IPFIX over TCP connections closed because their source is not in the allow list.", "listener");
        _tcpOpen = f.CreateGauge("netflow_tcp_open_connections", "IPFIX over TCP connections open now.", "listener");
        _tcpFramingLost = f.CreateCounter("netflow_tcp_framing_lost_total", "TCP connections closed because a message header was invalid (RFC 7011 §10.4: the stream cannot resynchronise).", "listener");
        _tcpBytes = f.CreateCounter("netflow_tcp_received_bytes_total", "Bytes read from IPFIX over TCP connections.", "listener");

        _exporterDatagrams = f.CreateCounter("netflow_exporter_datagrams_total", "Datagrams decoded per exporter (accepted by the allow list and the decode queue). Exporters beyond the label limit are summed under exporter=\"other\".", "exporter");
        _exporterBytes = f.CreateCounter("netflow_exporter_bytes_total", "Datagram bytes decoded per exporter. Exporters beyond the label limit are summed under exporter=\"other\".", "exporter");
        _exporters = f.CreateGauge("netflow_exporters", "UDP exporters the collector holds a session for.");

        _queueDrops = f.CreateCounter("netflow_queue_drops_total", "Items refused by a full queue: datagrams at stage=\"decode\", record batches at stage=\"sink:NAME\" (sinks with the drop policy).", "stage");
        _decodeQueued = f.CreateGauge("netflow_decode_queued_datagrams", "Datagrams waiting in the decode workers' queues.");

        _messages = f.CreateCounter("netflow_messages_decoded_total", "Export messages decoded, by protocol version (1, 5, 7, 9, 10 = IPFIX).", "version");
        _records = f.CreateCounter("netflow_records_decoded_total", "Records decoded, by protocol version and kind (data, options).", "version", "kind");
        _errors = f.CreateCounter("netflow_decode_errors_total", "Decode problems, by reason (the DecodeStatus name).", "reason");

        _templatesActive = f.CreateGauge("netflow_templates_active", "Templates and options templates held, over all exporters and TCP connections.");
        _templatesAdded = f.CreateCounter("netflow_templates_added_total", "Templates learned for a new id.");
        _templatesReplaced = f.CreateCounter("netflow_templates_replaced_total", "Templates redefined with a different layout under an id already known.");
        _templatesRefreshed = f.CreateCounter("netflow_templates_refreshed_total", "Templates re-sent unchanged.");
        _templatesWithdrawn = f.CreateCounter("netflow_templates_withdrawn_total", "Templates withdrawn by the exporter (IPFIX over TCP).");
        _templatesExpired = f.CreateCounter("netflow_templates_expired_total", "UDP templates forgotten because they were not refreshed within the template timeout.");
        _templatesEvicted = f.CreateCounter("netflow_templates_evicted_total", "Templates evicted to make room when an exporter reached its template limit.");

        _pendingSets = f.CreateGauge("netflow_pending_sets", "Data sets held waiting for their template.");
        _pendingBytes = f.CreateGauge("netflow_pending_bytes", "Bytes of data sets held waiting for their template.");
        _pendingHeld = f.CreateCounter("netflow_pending_sets_held_total", "Data sets that arrived before their template and were held.");
        _pendingDecoded = f.CreateCounter("netflow_pending_records_decoded_total", "Records decoded from held data sets once their template arrived.");

        string[] sequenceLabels = ["exporter", "version", "domain"];
        _sequenceGaps = f.CreateCounter("netflow_sequence_gaps_total", "Sequence number jumps forward (lost export messages), per exporter and observation domain (v5: engine type<<8|engine id; v9: source id).", sequenceLabels);
        _sequenceLost = f.CreateCounter("netflow_sequence_lost_units_total", "Units missing by the sequence numbers: flows (v5/v7), export packets (v9), data records (IPFIX).", sequenceLabels);
        _sequenceDuplicates = f.CreateCounter("netflow_sequence_duplicates_total", "Messages with an old sequence number (duplicated or reordered).", sequenceLabels);
        _sequenceResets = f.CreateCounter("netflow_sequence_resets_total", "Sequence numbers far off what was expected, taken as exporter restarts.", sequenceLabels);

        _sinkRecords = f.CreateCounter("netflow_sink_records_written_total", "Records a sink has written.", "sink");
        _sinkBatches = f.CreateCounter("netflow_sink_batches_written_total", "Batches a sink has written.", "sink");
        _sinkRecordsDropped = f.CreateCounter("netflow_sink_records_dropped_total", "Records a sink lost: its queue was full (drop policy) or the write failed.", "sink");
        _sinkWriteErrors = f.CreateCounter("netflow_sink_write_errors_total", "Failed writes and flushes of a sink.", "sink");
        _sinkFlushes = f.CreateCounter("netflow_sink_flushes_total", "Flushes of a sink.", "sink");
        _sinkLag = f.CreateGauge("netflow_sink_lag_seconds", "How long the batch a sink wrote last had waited in its queue.", "sink");
        _sinkQueued = f.CreateGauge("netflow_sink_queued_batches", "Batches waiting in a sink's queue.", "sink");

        // Series whose label values are known in advance start at 0, so alerts and rate() see them from the first scrape.
        foreach (var reason in Reasons)
            _errors.WithLabels(reason.ToString()).Publish();
        foreach (var version in VersionLabels)
        {
            _messages.WithLabels(version).Publish();
            _records.WithLabels(version, "data").Publish();
            _records.WithLabels(version, "options").Publish();
        }
        _queueDrops.WithLabels("decode").Publish();

        if (_options.IncludeProcessMetrics)
            DotNetStats.Register(Registry);
        Registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>The registry to export (text format: <c>Registry.CollectAndExportAsTextAsync</c>).</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Reads the runtime's counters into the metrics; runs before every export.</summary>
    public void Update()
    {
        lock (_gate)
        {
            UpdateIngest();
            UpdateSessions();
            UpdateSinks();
        }
    }
}
