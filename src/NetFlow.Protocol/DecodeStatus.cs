namespace NetFlow.Protocol;

/// <summary>
/// Why (part of) a message could not be decoded. Every value names one problem an exporter can
/// cause; the decoder reports it with the byte offset and goes on with the next set where the
/// framing still allows it.
/// </summary>
public enum DecodeStatus : byte
{
    Ok = 0,
    /// <summary>Fewer bytes than a message header.</summary>
    TruncatedHeader,
    /// <summary>The version field is not 1, 5, 7, 9 or 10.</summary>
    UnknownVersion,
    /// <summary>The header's record count or message length does not fit the bytes received.</summary>
    BadMessageLength,
    /// <summary>A set/flowset header does not fit in what is left of the message.</summary>
    TruncatedSetHeader,
    /// <summary>A set length below 4 (the set header itself) or 0.</summary>
    BadSetLength,
    /// <summary>A set length points past the end of the message.</summary>
    SetLengthPastEnd,
    /// <summary>A set id that no version defines (v9 2..255, IPFIX 0, 1, 4..255).</summary>
    ReservedSetId,
    /// <summary>A template or options template record is cut off inside its set.</summary>
    TruncatedTemplate,
    /// <summary>A template id below 256.</summary>
    BadTemplateId,
    /// <summary>A template whose field count, scope count or scope length is impossible.</summary>
    BadTemplateFieldCount,
    /// <summary>A template with more fields than the configured limit.</summary>
    TooManyFields,
    /// <summary>The exporter reached its configured maximum of templates: one report per template evicted to make room.</summary>
    TooManyTemplates,
    /// <summary>A template whose records would have no bytes at all.</summary>
    ZeroLengthRecord,
    /// <summary>Data for a template not (yet) received; the set is held in the pending buffer.</summary>
    TemplateMissing,
    /// <summary>A variable-length field whose length points past its record/set.</summary>
    BadVariableLength,
    /// <summary>An RFC 6313 list whose header or content does not fit.</summary>
    BadList,
    /// <summary>Pending data dropped because the per-exporter pending buffer was full.</summary>
    PendingOverflow,
    /// <summary>Pending data dropped because its template did not arrive in time.</summary>
    PendingExpired,
    /// <summary>A withdrawal for a template this exporter never sent, or a withdrawal of an id of the wrong kind.</summary>
    BadWithdrawal,
    /// <summary>A withdrawal ignored because the session's transport is UDP (RFC 7011 §8.4; see <see cref="DecoderOptions.ApplyTemplateWithdrawals"/>).</summary>
    IgnoredWithdrawal,
}

/// <summary>One problem found while decoding, with where it was found.</summary>
/// <param name="Status">What went wrong.</param>
/// <param name="Offset">Byte offset from the start of the datagram (or stream buffer).</param>
/// <param name="Version">Protocol version of the message (0 if unknown).</param>
/// <param name="SetId">The set / flowset id concerned, or 0.</param>
/// <param name="TemplateId">The template id concerned, or 0.</param>
public readonly record struct DecodeError(DecodeStatus Status, int Offset, ushort Version, ushort SetId = 0, ushort TemplateId = 0)
{
    public override string ToString() =>
        $"{Status} at offset {Offset} (v{Version}{(SetId != 0 ? $", set {SetId}" : "")}{(TemplateId != 0 ? $", template {TemplateId}" : "")})";
}
