using NetFlow.Storage.Schema;

namespace NetFlow.Storage.Query;

/// <summary>A field flows can be grouped by (<c>--by</c>), with the stored columns it reads.</summary>
public sealed record QueryKey(string Name, string Header, ValueKind Kind, params string[] Columns)
{
    /// <summary>The keys, under their names and the nfdump names operators already type.</summary>
    public static readonly IReadOnlyDictionary<string, QueryKey> All = Build();

    private static Dictionary<string, QueryKey> Build()
    {
        var keys = new Dictionary<string, QueryKey>(StringComparer.OrdinalIgnoreCase);
        void Add(QueryKey key, params string[] aliases)
        {
            keys.Add(key.Name, key);
            foreach (string alias in aliases)
                keys.Add(alias, key);
        }
        Add(new("srcip", "Src IP Addr", ValueKind.Address, FlowColumns.SrcIp4, FlowColumns.SrcIp6), "src_addr", "srcaddr");
        Add(new("dstip", "Dst IP Addr", ValueKind.Address, FlowColumns.DstIp4, FlowColumns.DstIp6), "dst_addr", "dstaddr");
        Add(new("nexthop", "Next Hop", ValueKind.Address, FlowColumns.NextHop4, FlowColumns.NextHop6), "next_hop", "nhip");
        Add(new("srcport", "Src Pt", ValueKind.Number, FlowColumns.SrcPort), "src_port");
        Add(new("dstport", "Dst Pt", ValueKind.Number, FlowColumns.DstPort), "dst_port");
        Add(new("proto", "Proto", ValueKind.Protocol, FlowColumns.Proto), "protocol");
        Add(new("srcas", "Src AS", ValueKind.Number, FlowColumns.SrcAs), "src_as");
        Add(new("dstas", "Dst AS", ValueKind.Number, FlowColumns.DstAs), "dst_as");
        Add(new("inif", "In If", ValueKind.Number, FlowColumns.InIf), "in_if", "in");
        Add(new("outif", "Out If", ValueKind.Number, FlowColumns.OutIf), "out_if", "out");
        Add(new("exporter", "Exporter", ValueKind.Text, FlowColumns.Exporter), "router");
        Add(new("tos", "ToS", ValueKind.Number, FlowColumns.Tos));
        Add(new("flags", "Flags", ValueKind.TcpFlags, FlowColumns.TcpFlags), "tcp_flags");
        Add(new("srcvlan", "Src Vlan", ValueKind.Number, FlowColumns.SrcVlan), "src_vlan", "vlan");
        Add(new("dstvlan", "Dst Vlan", ValueKind.Number, FlowColumns.DstVlan), "dst_vlan");
        Add(new("srcmask", "Src Mask", ValueKind.Number, FlowColumns.SrcMask), "src_mask");
        Add(new("dstmask", "Dst Mask", ValueKind.Number, FlowColumns.DstMask), "dst_mask");
        Add(new("direction", "Dir", ValueKind.Number, FlowColumns.Direction), "dir");
        Add(new("srcmac", "Src MAC", ValueKind.Mac, FlowColumns.SrcMac), "src_mac", "inmac");
        Add(new("dstmac", "Dst MAC", ValueKind.Mac, FlowColumns.DstMac), "dst_mac", "outmac");
        Add(new("icmptype", "ICMP Type", ValueKind.Number, FlowColumns.IcmpType), "icmp_type");
        Add(new("version", "Ver", ValueKind.Number, FlowColumns.Version));
        Add(new("domain", "Domain", ValueKind.Number, FlowColumns.Domain), "engine");
        return keys;
    }

    /// <summary>Keys from "srcip,dstport"; an unknown name is a FormatException listing the known ones.</summary>
    public static IReadOnlyList<QueryKey> ParseList(string text)
    {
        var keys = new List<QueryKey>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!All.TryGetValue(part, out var key))
                throw new FormatException($"--by: unknown key '{part}'; known keys: {string.Join(", ", All.Values.Distinct().Select(k => k.Name))}");
            if (!keys.Contains(key))
                keys.Add(key);
        }
        if (keys.Count == 0)
            throw new FormatException("--by: name at least one key (e.g. dstport or srcip,dstip)");
        return keys;
    }
}
