using System.Net;
using System.Text.Json;
using NetFlow.Capture;
using NetFlow.Cli.Output;
using NetFlow.Collector.Output;
using NetFlow.Protocol;
using NetFlow.Protocol.Records;
using NetFlow.Protocol.Sessions;

namespace NetFlow.Cli.Commands;

public enum OutputFormat
{
    Json,
    Table,
}

/// <summary>
/// Feeds the datagrams of capture and datagram files, in order, through one exporter session per
/// source address (so templates from one packet serve the data of the next), and prints every
/// record. Errors and a summary go to the error writer.
/// </summary>
internal sealed class DecodeRun(TextWriter output, TextWriter errors, OutputFormat format, IPAddress? rawExporter, DecoderOptions? options = null)
{
    private readonly Dictionary<IPAddress, (ExporterSession Session, string Name)> _sessions = [];
    private readonly CaptureReadStats _captureStats = new();

    public long Datagrams { get; private set; }
    public long DecodeErrors { get; private set; }

    /// <summary>Decodes every file; returns false (after saying why) if one could not be read.</summary>
    public bool Run(IReadOnlyList<string> files)
    {
        var handler = new PrintingHandler(this, output, errors, format);
        foreach (var file in files)
        {
            handler.File = file;
            try
            {
                var rawSource = new IPEndPoint(rawExporter ?? IPAddress.Any, 0);
                foreach (var datagram in CaptureReader.Read(file, _captureStats, rawSource))
                {
                    Datagrams++;
                    handler.Datagram = Datagrams;
                    var (session, name) = SessionFor(datagram.Source.Address);
                    handler.Exporter = name;
                    session.Decode(datagram.Payload.Span, datagram.TimestampUtc, ref handler);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CaptureFormatException)
            {
                handler.Flush();
                errors.WriteLine($"netflow decode: cannot read {file}: {e.Message}");
                return false;
            }
        }
        handler.Flush();
        WriteSummary();
        return true;
    }

    private (ExporterSession, string) SessionFor(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (!_sessions.TryGetValue(address, out var entry))
        {
            entry = (new ExporterSession(address, options), address.ToString());
            _sessions.Add(address, entry);
        }
        return entry;
    }

    private void WriteSummary()
    {
        var total = new DecodeCounters();
        var sequence = new SequenceCounts();
        int pendingLeft = 0, templates = 0;
        foreach (var (session, _) in _sessions.Values)
        {
            total.Add(session.Counters);
            var s = session.Sequences.Totals;
            sequence.Gaps += s.Gaps;
            sequence.LostUnits += s.LostUnits;
            sequence.Duplicates += s.Duplicates;
            sequence.Resets += s.Resets;
            pendingLeft += session.PendingSets;
            templates += session.Templates.Count;
        }
        errors.WriteLine(
            $"decoded {Datagrams} datagrams from {_sessions.Count} exporter(s): " +
            $"messages v1={total.MessagesV1} v5={total.MessagesV5} v7={total.MessagesV7} v9={total.MessagesV9} ipfix={total.MessagesIpfix}; " +
            $"records data={total.DataRecords} options={total.OptionsRecords}");
        errors.WriteLine(
            $"templates: active={templates} added={total.TemplatesAdded} replaced={total.TemplatesReplaced} " +
            $"refreshed={total.TemplatesRefreshed} withdrawn={total.TemplatesWithdrawn}; " +
            $"pending: held={total.PendingSetsHeld} decodedLater={total.PendingRecordsDecoded} stillWaiting={pendingLeft}");
        errors.WriteLine(
            $"sequence: gaps={sequence.Gaps} lost={sequence.LostUnits} duplicates={sequence.Duplicates} resets={sequence.Resets}");
        var byStatus = Enum.GetValues<DecodeStatus>()
            .Where(s => s != DecodeStatus.Ok && total.Errors(s) > 0)
            .Select(s => $"{s}={total.Errors(s)}");
        errors.WriteLine($"errors: {total.TotalErrors}{(total.TotalErrors > 0 ? " (" + string.Join(' ', byStatus) + ")" : "")}");
        if (_captureStats.SkippedFrames > 0)
            errors.WriteLine($"capture: {_captureStats}");
    }

    private sealed class PrintingHandler : IFlowRecordHandler
    {
        private readonly DecodeRun _run;
        private readonly TextWriter _errors;
        private readonly Utf8JsonWriter? _json;
        private readonly Stream? _stdout;
        private readonly FlowRecordTableWriter? _table;

        public PrintingHandler(DecodeRun run, TextWriter output, TextWriter errors, OutputFormat format)
        {
            _run = run;
            _errors = errors;
            if (format == OutputFormat.Json)
            {
                _stdout = new TextWriterStream(output);
                _json = new Utf8JsonWriter(_stdout, new JsonWriterOptions { SkipValidation = true });
            }
            else
            {
                _table = new FlowRecordTableWriter(output);
            }
        }

        public string File { get; set; } = "";
        public long Datagram { get; set; }
        public string Exporter { get; set; } = "";

        public void OnRecord(in FlowRecord record)
        {
            if (_json is not null)
            {
                FlowRecordJsonWriter.Write(_json, record, Exporter);
                _json.Flush();
                _stdout!.WriteByte((byte)'\n');
                _json.Reset();
            }
            else
            {
                _table!.Write(record, Exporter);
            }
        }

        public void OnError(in DecodeError error)
        {
            _run.DecodeErrors++;
            _errors.WriteLine($"{File}: datagram {Datagram} from {Exporter}: {error}");
        }

        public void Flush() => _stdout?.Flush();
    }
}
