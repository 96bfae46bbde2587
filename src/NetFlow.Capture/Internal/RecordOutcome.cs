namespace NetFlow.Capture.Internal;

/// <summary>What reading one pcap record or pcapng block produced.</summary>
internal enum RecordOutcome
{
    Datagram,
    /// <summary>Counted in the stats (skipped frame or non-packet block); go on.</summary>
    NoDatagram,
    EndOfInput,
}
