#!/usr/bin/env python3
"""Generate the information-element tables of NetFlow.Protocol from the dictionaries in registry/.

Usage (Python 3 standard library only; run from anywhere):
    /usr/bin/python3 tools/generate-elements.py             # rewrite the committed table
    /usr/bin/python3 tools/generate-elements.py -o FILE     # write elsewhere (the drift test does this)
    /usr/bin/python3 tools/generate-elements.py --report    # also print counts and conflicts to stderr

Reads  registry/iana-ipfix-information-elements.xml, registry/cesnet/*.xml,
       registry/netgauze/*.xml, registry/logstash/{ipfix,netflow}.yaml (see registry/README.md)
Writes src/NetFlow.Protocol/InformationElements/Generated/InformationElementTables.g.cs

Only facts are taken (id, name, data type, semantics, units); descriptions never are. The output
is sorted and carries no timestamp, so the same registry always gives the same bytes: a unit test
regenerates it and fails if the committed file differs.

Rules, in the order they are applied
- IANA: every record with a dataType and a single elementId. unsigned256 (3 elements) has no
  IeDataType yet and is read as octetArray. Units "" and "none" become null.
- Enterprise elements, by (PEN, id): the first source that defines the pair wins, in the order
  cesnet (libfds; abstract types with semantics and units) > reverse elements synthesised from a
  cesnet scope that declares <biflow mode="split">N</biflow> (cert/YAF: reverse id =
  id | 1 << (N - 1), same type as the forward element) > netgauze (IANA format, same facts)
  > logstash ipfix.yaml (wire types only).
  logstash PEN 0 is ignored (the IANA file is authoritative), and so is PEN 29305: RFC 5103 reverse
  elements are synthesised from IANA at run time ("reverse" + Name, same type).
- NetFlow v9 field types: an id IANA defines is the IANA element (ids 1..127 by RFC 3954/7012,
  above that because Cisco reuses IPFIX ids). Otherwise cesnet netflow.xml (v9 id = id) and
  netflowExtra.xml (v9 id = id + 32768, as its header says) win over logstash netflow.yaml,
  because they carry camelCase names and semantics. A v9 id >= 32768 whose netflowExtra element
  is the Cisco PEN 9 element id - 32768 (same name) is an alias of that element: it is the
  IPFIX enterprise-bit encoding of 9/id that Cisco sends raw in v9.
- Names are unique across everything the registry returns. IANA names and RFC 5103 reverse names
  are kept as they are; any other element whose name equals one of those or another element's
  name is prefixed "{scope}_" (both sides of a vendor/vendor clash), and if that still clashes
  (one vendor using a name twice) suffixed "_{id}". v9-only elements use the scope "netflow".
  logstash v9 names are snake_case (fw_event); they are turned into camelCase (fwEvent) so every
  key reads the same way.

Conflicts resolved (run with --report for the full, current list)
- IANA vs the v9 dictionaries, 65 ids above 127: the IANA element wins. Real clashes: logstash 194
  ip_tos (IANA mplsPayloadLength), 201 mpls_label_stack_octets (mplsLabelStackLength), 361/362
  postNATPortBlockStart/End (portRangeStart/End); the rest are other names for the same field
  (148 conn_id = flowId, 152 flow_start_msec = flowStartMilliseconds, 225-228 and 281/282 ASA
  xlate_* = postNAT*, 233 fw_event = firewallEvent) or logstash wire types (uint for timestamps,
  string for octetArray).
- cesnet netflowExtra vs logstash netflow.yaml, v9 33000/33001/33002/40000: cesnet names
  ingressAclId/egressAclId/firewallEventExtended/userName win over ingress_acl_id/egress_acl_id/
  fw_ext_event/username (same types).
- cesnet vs logstash ipfix.yaml: Cisco 9 (14 ids, serverBytesNetwork vs ciscoServerBytesNetwork ...),
  Netscaler 5951 (121 ids, appName vs netscalerAppName, and dateTime* types where logstash reads
  integers), VMware 6876 880-890 (tenantProtocol vs vmwareTenantProtocol): cesnet wins.
- cesnet cert.xml (taken from YAF's own cert.xml) vs logstash 6871: cesnet wins, including 223
  mysqlUsername (logstash: tcpUrgTotalCount), 288 sslRecordVersion (logstash:
  reverseRtpPayloadType) and types such as initialTCPFlags unsigned16 vs uint8, payload octetArray
  vs string. The reverse ids logstash lists (16398 ...) take the forward element's type.
- netgauze nokia vs logstash 637, 91-93: aluInsideServiceId ... wins over natInsideSvcid ...
- logstash lists the same elements (Timestamp, LogOp ...) under PEN 10704 and 12326: both kept, prefixed
  pen10704_/pen12326_; Gigamon 26866 names 2539 and 2548 both ssl_server_name_raw: suffixed _{id}.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "registry"
OUTPUT = ROOT / "src/NetFlow.Protocol/InformationElements/Generated/InformationElementTables.g.cs"

IANA_NS = {"i": "http://www.iana.org/assignments"}
REVERSE_PEN = 29305                    # RFC 5103
NETFLOW_V9_PEN = 0xFFFFFFFF            # InformationElementRegistry.NetFlowV9EnterpriseNumber
CESNET_V9_PENS = {4294967294: 0, 4294967295: 32768}   # libfds pseudo PEN -> v9 id offset
NETGAUZE_PENS = {"huawei": 2011, "nokia": 637, "vmware": 6876}

# Short scope names, used only to prefix clashing names. Where the dictionaries do not say who
# owns a PEN (no scope element, no comment), the neutral "pen{N}" is used instead of a guess.
SCOPES = {
    9: "cisco", 637: "nokia", 2011: "huawei", 3054: "ixia", 5951: "netscaler", 6871: "cert",
    6876: "vmware", 8057: "cesnet", 15397: "procera", 26866: "gigamon", 39499: "flowmon",
    41916: "viptela", NETFLOW_V9_PEN: "netflow",
}

DATA_TYPES = {
    "octetarray": "OctetArray", "unsigned8": "Unsigned8", "unsigned16": "Unsigned16",
    "unsigned32": "Unsigned32", "unsigned64": "Unsigned64", "unsigned256": "OctetArray",
    "signed8": "Signed8", "signed16": "Signed16", "signed32": "Signed32", "signed64": "Signed64",
    "float32": "Float32", "float64": "Float64", "boolean": "Boolean", "macaddress": "MacAddress",
    "string": "String", "datetimeseconds": "DateTimeSeconds",
    "datetimemilliseconds": "DateTimeMilliseconds", "datetimemicroseconds": "DateTimeMicroseconds",
    "datetimenanoseconds": "DateTimeNanoseconds", "ipv4address": "Ipv4Address",
    "ipv6address": "Ipv6Address", "basiclist": "BasicList", "subtemplatelist": "SubTemplateList",
    "subtemplatemultilist": "SubTemplateMultiList",
}

# libfds adds "delay" and "duration"; RFC 7012 calls a measured value a quantity.
SEMANTICS = {
    None: "Default", "": "Default", "default": "Default", "quantity": "Quantity",
    "totalcounter": "TotalCounter", "deltacounter": "DeltaCounter", "identifier": "Identifier",
    "flags": "Flags", "list": "List", "snmpcounter": "SnmpCounter", "snmpgauge": "SnmpGauge",
    "delay": "Quantity", "duration": "Quantity",
}

# logstash wire types. A bare number is an unsigned integer of that many octets; the composite
# decoders (ASA ACL triple, RFC 6759 application id, MPLS label stack) stay raw bytes.
LOGSTASH_TYPES = {
    "uint8": "Unsigned8", "uint15": "Unsigned16", "uint16": "Unsigned16", "uint24": "Unsigned32",
    "uint32": "Unsigned32", "uint64": "Unsigned64", "int8": "Signed8", "int16": "Signed16",
    "int32": "Signed32", "int64": "Signed64", "float": "Float32", "double": "Float64",
    "ip4_addr": "Ipv4Address", "ip6_addr": "Ipv6Address", "mac_addr": "MacAddress",
    "string": "String", "octetarray": "OctetArray", "acl_id_asa": "OctetArray",
    "application_id": "OctetArray", "mpls_label_stack_octets": "OctetArray",
    "forwarding_status": "Unsigned8",
    "1": "Unsigned8", "2": "Unsigned16", "3": "Unsigned32", "4": "Unsigned32", "8": "Unsigned64",
}

NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")  # YAF has httpX-Forwarded-For
# The registry's keys for unknown elements; no dictionary name may look like one.
SYNTHETIC_PATTERN = re.compile(r"^(ie\d+|pen\d+_ie\d+|nf9_\d+)$")


class Element:
    def __init__(self, pen, id, name, data_type, semantics="Default", units=None, source=""):
        self.pen, self.id, self.name = pen, id, name
        self.data_type, self.semantics, self.units, self.source = data_type, semantics, units, source

    def key(self):
        return (self.pen, self.id)


def fail(message):
    sys.exit(f"generate-elements: {message}")


def data_type(raw, where):
    try:
        return DATA_TYPES[raw.strip().lower()]
    except KeyError:
        fail(f"unknown data type {raw!r} in {where}")


def semantics(raw, where):
    try:
        return SEMANTICS[raw.strip().lower() if raw else raw]
    except KeyError:
        fail(f"unknown semantics {raw!r} in {where}")


def units(raw):
    raw = (raw or "").strip()
    return None if raw in ("", "none") else raw


def snake_to_camel(name):
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def upper_first(name):
    return name[:1].upper() + name[1:]


def read_iana(path):
    root = ET.parse(path).getroot()
    registry = root.find("i:registry[@id='ipfix-information-elements']", IANA_NS)
    elements = []
    for record in registry.findall("i:record", IANA_NS):
        text = lambda tag: record.findtext(f"i:{tag}", None, IANA_NS)
        raw_id, raw_type = text("elementId"), text("dataType")
        if not raw_type or not raw_id.isdigit():
            continue  # reserved, unassigned and ranges
        elements.append(Element(0, int(raw_id), text("name").strip(), data_type(raw_type, path.name),
                                semantics(text("dataTypeSemantics"), path.name), units(text("units")),
                                "iana"))
    return elements


def read_cesnet(path):
    """Returns (pen, scope name, biflow split bit or None, elements)."""
    root = ET.parse(path).getroot()
    scope = root.find("scope")
    pen, name = int(scope.findtext("pen")), scope.findtext("name").strip()
    biflow = scope.find("biflow")
    split = int(biflow.text) if biflow is not None and biflow.get("mode") == "split" else None
    elements = []
    for e in root.findall("element"):
        elements.append(Element(pen, int(e.findtext("id")), e.findtext("name").strip(),
                                data_type(e.findtext("dataType"), path.name),
                                semantics(e.findtext("dataSemantics"), path.name),
                                units(e.findtext("units")), f"cesnet/{path.name}"))
    return pen, name, split, elements


def read_netgauze(path, pen):
    root = ET.parse(path).getroot()
    elements = []
    for record in root.iter("{%s}record" % IANA_NS["i"]):
        text = lambda tag: record.findtext(f"i:{tag}", None, IANA_NS)
        elements.append(Element(pen, int(text("elementId")), text("name").strip(),
                                data_type(text("dataType"), path.name),
                                semantics(text("dataTypeSemantics"), path.name), units(text("units")),
                                f"netgauze/{path.name}"))
    return elements


def read_logstash_yaml(path):
    """The logstash dictionaries use a tiny YAML subset: integer keys nested by indentation, each
    leaf a list of scalars ('- :uint16', '- 4', '- :name'). Returns nested dicts keyed by int."""
    stack = [(-1, None)]  # (indent, dict of the open key)
    tree = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip() or stripped.strip() == "---":
            continue
        indent = len(stripped) - len(stripped.lstrip())
        token = stripped.strip()
        while stack[-1][0] >= indent and not token.startswith("- "):
            stack.pop()
        if re.fullmatch(r"\d+:", token):
            parent = stack[-1][1]
            node = tree if parent is None else parent
            child = {}
            node[int(token[:-1])] = child
            stack.append((indent, child))
        elif token.startswith("- ") or token == "-":
            node = stack[-1][1]
            node.setdefault("items", []).append(token[2:].strip())
        else:
            fail(f"{path.name}:{number}: cannot parse {line!r}")
    return tree


def logstash_element(pen, id, items, where):
    """None for ':skip' entries (bytes logstash ignores: no name, no type)."""
    if not items or items[0].lstrip(":") == "skip":
        return None
    if len(items) != 2:
        fail(f"{where} {id}: expected [type, name], got {items}")
    raw_type, name = items[0].lstrip(":"), items[1].lstrip(":")
    if raw_type not in LOGSTASH_TYPES:
        fail(f"{where} {id}: unknown logstash type {items[0]!r}")
    return Element(pen, id, name, LOGSTASH_TYPES[raw_type], source=f"logstash/{where}")


def describe(e):
    return f"{e.name} {e.data_type} ({e.source})"


def differs(a, b):
    return a.name != b.name or a.data_type != b.data_type


class Merger:
    """First definition of a key wins; every later, different one is recorded as a conflict."""

    def __init__(self):
        self.elements, self.conflicts = {}, []

    def add(self, element):
        key = element.key()
        kept = self.elements.get(key)
        if kept is None:
            self.elements[key] = element
        elif differs(kept, element):
            # Described now: names may be prefixed later.
            self.conflicts.append((key, describe(kept), describe(element)))


def build():
    iana = {e.id: e for e in read_iana(REGISTRY / "iana-ipfix-information-elements.xml")}
    reverse_names = {"reverse" + upper_first(e.name) for e in iana.values()}
    if reverse_names & {e.name for e in iana.values()}:
        fail("an IANA name collides with an RFC 5103 reverse name")

    enterprise, v9 = Merger(), Merger()
    splits, cesnet_v9 = [], []
    for path in sorted((REGISTRY / "cesnet").glob("*.xml")):
        pen, scope, split, elements = read_cesnet(path)
        if pen in CESNET_V9_PENS:
            cesnet_v9 += [(e.id + CESNET_V9_PENS[pen], e) for e in elements]
            continue
        SCOPES.setdefault(pen, scope)
        for e in elements:
            enterprise.add(e)
        if split:
            splits.append((split, elements))
    # Before the other sources, so a reverse element keeps its forward element's type.
    for bit, elements in splits:
        for e in elements:
            flag = 1 << (bit - 1)
            if not e.id & flag:
                enterprise.add(Element(e.pen, e.id | flag, "reverse" + upper_first(e.name),
                                       e.data_type, e.semantics, e.units, e.source + " (reverse)"))
    for path in sorted((REGISTRY / "netgauze").glob("*.xml")):
        for e in read_netgauze(path, NETGAUZE_PENS[path.stem]):
            enterprise.add(e)
    for pen, ids in sorted(read_logstash_yaml(REGISTRY / "logstash/ipfix.yaml").items()):
        if pen in (0, REVERSE_PEN):
            continue
        for id, node in sorted(ids.items()):
            e = logstash_element(pen, id, node.get("items"), f"ipfix.yaml {pen}")
            if e:
                enterprise.add(e)

    # v9: IANA ids are IANA elements; only the conflicts are recorded for them.
    logstash_v9 = []
    for id, node in sorted(read_logstash_yaml(REGISTRY / "logstash/netflow.yaml").items()):
        e = logstash_element(NETFLOW_V9_PEN, id, node.get("items"), "netflow.yaml")
        if e is not None:
            e.name = snake_to_camel(e.name)
        if e:
            logstash_v9.append((id, e))
    iana_conflicts, aliases = [], {}
    for v9_id, e in sorted(cesnet_v9, key=lambda p: p[0]) + logstash_v9:
        if v9_id in iana:
            # Below 128 the names differ by design (RFC 3954 names vs IPFIX names).
            if v9_id > 127 and differs(iana[v9_id], e):
                iana_conflicts.append((v9_id, describe(iana[v9_id]), describe(e)))
            continue
        cisco = enterprise.elements.get((9, v9_id - 32768))
        if e.source.startswith("cesnet") and cisco and cisco.name == e.name:
            aliases[v9_id] = cisco
            continue
        if v9_id in aliases:
            if differs(aliases[v9_id], e):
                v9.conflicts.append(((NETFLOW_V9_PEN, v9_id), describe(aliases[v9_id]), describe(e)))
            continue
        v9.add(Element(NETFLOW_V9_PEN, v9_id, e.name, e.data_type, e.semantics, e.units, e.source))

    elements = list(enterprise.elements.values()) + list(v9.elements.values())
    assign_unique_names(elements, {e.name for e in iana.values()} | reverse_names)
    return iana, enterprise, v9, aliases, iana_conflicts


def assign_unique_names(elements, reserved):
    for e in elements:
        if not NAME_PATTERN.match(e.name) or SYNTHETIC_PATTERN.match(e.name):
            fail(f"{e.source} {e.pen}/{e.id}: unusable name {e.name!r}")

    def clashing(names):
        count = {}
        for n in names:
            count[n] = count.get(n, 0) + 1
        return {n for n, c in count.items() if c > 1} | (set(count) & reserved)

    clash = clashing(e.name for e in elements)
    for e in elements:
        if e.name in clash:
            e.name = f"{SCOPES.get(e.pen, f'pen{e.pen}')}_{e.name}"
    clash = clashing(e.name for e in elements)
    for e in elements:
        if e.name in clash:
            e.name = f"{e.name}_{e.id}"
    if clashing(e.name for e in elements):
        fail(f"names still clash: {sorted(clashing(e.name for e in elements))}")


def cs_string(value):
    return "null" if value is None else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cs_element(e, pen_expression):
    args = [cs_string(e.name), str(e.id), pen_expression, f"IeDataType.{e.data_type}"]
    if e.semantics != "Default" or e.units is not None:
        args.append(f"IeSemantics.{e.semantics}")
    if e.units is not None:
        args.append(cs_string(e.units))
    return f"        new({', '.join(args)}),"


def render(iana, enterprise, v9, aliases):
    out = [
        "// <auto-generated>",
        "// Generated by tools/generate-elements.py from the dictionaries in registry/",
        "// (see registry/README.md). Do not edit: change the script or the registry and run it again.",
        "// </auto-generated>",
        "#nullable enable",
        "",
        "namespace NetFlow.Protocol.InformationElements;",
        "",
        "public static partial class InformationElementRegistry",
        "{",
        f"    // IANA \"IPFIX Information Elements\": {len(iana)} elements.",
        "    private static InformationElement[] CreateIanaElements() =>",
        "    [",
    ]
    out += [cs_element(e, "0") for _, e in sorted(iana.items())]
    out += [
        "    ];",
        "",
        f"    // Vendor elements by (enterprise number, id): {len(enterprise.elements)} elements.",
        "    private static InformationElement[] CreateEnterpriseElements() =>",
        "    [",
    ]
    out += [cs_element(e, str(e.pen)) for _, e in sorted(enterprise.elements.items())]
    out += [
        "    ];",
        "",
        f"    // NetFlow v9 field types that IANA does not define: {len(v9.elements)} elements.",
        "    private static InformationElement[] CreateNetFlowV9Elements() =>",
        "    [",
    ]
    out += [cs_element(e, "NetFlowV9EnterpriseNumber") for _, e in sorted(v9.elements.items())]
    out += [
        "    ];",
        "",
        "    // v9 field types that are a vendor element sent without the IPFIX enterprise bit.",
        "    private static (ushort NetFlowV9Id, uint EnterpriseNumber, ushort Id)[] CreateNetFlowV9Aliases() =>",
        "    [",
    ]
    out += [f"        ({v9_id}, {e.pen}, {e.id})," for v9_id, e in sorted(aliases.items())]
    out += ["    ];", "}", ""]
    return "\n".join(out)


def report(iana, enterprise, v9, aliases, iana_conflicts):
    def line(key, kept, other):
        return f"  {key}: kept {kept}; dropped {other}"

    by_source = {}
    for e in list(enterprise.elements.values()) + list(v9.elements.values()):
        by_source[e.source] = by_source.get(e.source, 0) + 1
    print(f"iana: {len(iana)} (ids {min(iana)}..{max(iana)})", file=sys.stderr)
    for source, count in sorted(by_source.items()):
        print(f"{source}: {count}", file=sys.stderr)
    print(f"v9 aliases of Cisco PEN 9 elements: {len(aliases)}", file=sys.stderr)
    print(f"v9 ids > 127 that IANA defines differently (IANA kept): {len(iana_conflicts)}", file=sys.stderr)
    for v9_id, kept, other in iana_conflicts:
        print(line(v9_id, kept, other), file=sys.stderr)
    for title, merger in (("enterprise", enterprise), ("v9", v9)):
        print(f"{title} conflicts: {len(merger.conflicts)}", file=sys.stderr)
        for key, kept, other in merger.conflicts:
            print(line(key, kept, other), file=sys.stderr)
    renamed = [e for e in list(enterprise.elements.values()) + list(v9.elements.values())
               if "_" in e.name and e.name.split("_", 1)[0] == SCOPES.get(e.pen, f"pen{e.pen}")]
    print(f"prefixed names: {len(renamed)}", file=sys.stderr)
    for e in renamed:
        print(f"  {e.pen}/{e.id} {e.name}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--report", action="store_true", help="print counts and conflicts to stderr")
    args = parser.parse_args()
    iana, enterprise, v9, aliases, iana_conflicts = build()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(render(iana, enterprise, v9, aliases).encode("utf-8"))
    if args.report:
        report(iana, enterprise, v9, aliases, iana_conflicts)


if __name__ == "__main__":
    main()
