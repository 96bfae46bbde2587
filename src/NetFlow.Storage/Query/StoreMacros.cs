namespace NetFlow.Storage.Query;

/// <summary>
/// DuckDB macros that turn the stored forms into text: ip4_text(UINTEGER) gives 10.0.0.1;
/// ip6_text(BLOB) gives RFC 5952 text for the common cases (lower case, leading zeros dropped,
/// the first run of two or more zero groups as ::, IPv4-mapped as ::ffff:a.b.c.d); mac_text(UBIGINT)
/// gives aa:bb:cc:dd:ee:ff. `netflow query` formats addresses itself; these are for `netflow sql`.
/// </summary>
internal static class StoreMacros
{
    public const string Definitions = """
        CREATE MACRO ip4_text(x) AS
            CASE WHEN x IS NULL THEN NULL
                 ELSE concat_ws('.', (x >> 24) & 255, (x >> 16) & 255, (x >> 8) & 255, x & 255) END;
        CREATE MACRO ip6_groups(b) AS
            list_transform(range(8), i -> coalesce(nullif(ltrim(substr(lower(hex(b)), i * 4 + 1, 4), '0'), ''), '0'));
        CREATE MACRO ip6_text(b) AS
            CASE WHEN b IS NULL OR octet_length(b) <> 16 THEN NULL
                 WHEN substr(hex(b), 1, 24) = '00000000000000000000FFFF'
                     THEN '::ffff:' || concat_ws('.', ('0x' || substr(hex(b), 25, 2))::INTEGER, ('0x' || substr(hex(b), 27, 2))::INTEGER,
                                                      ('0x' || substr(hex(b), 29, 2))::INTEGER, ('0x' || substr(hex(b), 31, 2))::INTEGER)
                 ELSE regexp_replace(regexp_replace(regexp_replace(
                          ':' || array_to_string(ip6_groups(b), ':') || ':', ':0(:0)+:', '::'),
                          '^:([^:])', '\1'), '([^:]):$', '\1') END;
        CREATE MACRO mac_text(x) AS
            CASE WHEN x IS NULL THEN NULL
                 ELSE lower(printf('%02x:%02x:%02x:%02x:%02x:%02x', (x >> 40) & 255, (x >> 32) & 255, (x >> 24) & 255, (x >> 16) & 255, (x >> 8) & 255, x & 255)) END;
        """;
}
