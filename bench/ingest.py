#!/usr/bin/env python3
"""Lossless ingest rate: nfcapd against `netflow collect`, one after the other, on the same stream.

For each offered rate (packets/s of NetFlow v9, 28 IPv4 records of 45 bytes each) and each
collector, RUNS times: start the collector pinned to one core, send DURATION seconds with
`netflow generate` pinned to the other, wait for the collector to drain, stop it (SIGTERM) and
count what it stored:
  - nfcapd (Debian's nfdump): `nfdump -R DIR -I`, the flows of the files it wrote;
  - netflow: `netflow sql "SELECT count(*) FROM flows"` over its flow store; run as it starts by
    default (UDP GRO on) and as netflow-nogro (`--udp-gro false`), the like-for-like receive path.
The receiver's CPU is what the kernel charged to its process (all threads) from just before the
send starts to its exit, so start-up is left out and the final flush counted. It is also shown
split at the moment the receiver went idle after the send (its queues empty): "receiving" is the
cost per record while the stream runs, and the rest, "at exit", is writing out what is held and
the first file close with the hour's rollups. Loss by stage for
netflow comes from its /metrics (kernel drops, queue drops, sink drops) read before it stops.

Prints, per rate and collector: records offered, stored, loss %, receiver CPU-seconds per
million records and peak memory, as the median of the runs with (min-max); then the highest rate
each collector took without loss in every run, and the ratio.

    bench/ingest.py                        # rates 50k 100k 150k 200k 250k, 3 runs of 10 s
    bench/ingest.py --rates 100000 --runs 1 --duration 5 --collectors netflow
Needs: nfdump (nfcapd), taskset, the .NET SDK. Builds the CLI into --artifacts (default /tmp/ingest-art).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORDS_PER_PACKET = 28
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_tcp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of a live process, all its threads (and children it waited for)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is state (field 3); utime, stime, cutime, cstime are fields 14-17.
    return sum(int(v) for v in fields[11:15]) / CLK_TCK


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def udp_bound(port):
    hexport = f":{port:04X}"
    with open("/proc/net/udp") as f:
        return any(hexport in line.split()[1] for line in f.readlines()[1:])


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


class Netflow:
    name = "netflow"

    def __init__(self, cli, extra=()):
        self.cli = cli
        self.extra = list(extra)

    def start(self, port, directory, cpu):
        self.metrics_port = free_tcp_port()
        self.log = open(os.path.join(directory, "collector.log"), "w")
        return subprocess.Popen(
            ["taskset", "-c", cpu, self.cli, "collect", "--listen", f"udp://127.0.0.1:{port}",
             "--store", os.path.join(directory, "store"), "--metrics", f"127.0.0.1:{self.metrics_port}", *self.extra],
            stdout=self.log, stderr=subprocess.STDOUT)

    def stages(self):
        """Drops by stage from /metrics (summed over labels)."""
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5).read().decode()
        except OSError:
            return {}
        wanted = {"netflow_kernel_drops_total": "kernel", "netflow_queue_drops_total": "queue",
                  "netflow_sink_records_dropped_total": "sink"}
        out = {}
        for line in text.splitlines():
            m = re.match(r"^(netflow_[a-z_]+)(\{[^}]*\})? ([0-9.e+]+)$", line)
            if m and m.group(1) in wanted:
                out[wanted[m.group(1)]] = out.get(wanted[m.group(1)], 0) + float(m.group(3))
        return out

    def stored(self, directory):
        result = subprocess.run([self.cli, "sql", "--store", os.path.join(directory, "store"), "-o", "csv",
                                 "SELECT count(*) FROM flows"], capture_output=True, text=True, check=True)
        return int(result.stdout.strip().splitlines()[-1])

    def close(self):
        self.log.close()


class Nfcapd:
    name = "nfcapd"

    def start(self, port, directory, cpu):
        self.log = open(os.path.join(directory, "collector.log"), "w")
        os.makedirs(os.path.join(directory, "nfcapd"))
        return subprocess.Popen(
            ["taskset", "-c", cpu, "nfcapd", "-b", "127.0.0.1", "-p", str(port), "-w", os.path.join(directory, "nfcapd"),
             "-t", "3600", "-B", "8388608"], stdout=self.log, stderr=subprocess.STDOUT)

    def stages(self):
        return {}

    def stored(self, directory):
        result = subprocess.run(["nfdump", "-R", os.path.join(directory, "nfcapd"), "-I"], capture_output=True, text=True, check=True)
        m = re.search(r"^Flows:\s+(\d+)", result.stdout, re.M)
        if not m:
            raise RuntimeError(f"nfdump -I printed no flow count:\n{result.stdout}{result.stderr}")
        return int(m.group(1))

    def close(self):
        self.log.close()


def kernel_udp_drops():
    with open("/proc/net/snmp") as f:
        lines = [l.split() for l in f if l.startswith("Udp:")]
    header, values = lines[0], lines[1]
    return int(values[header.index("RcvbufErrors")])


def run_once(collector, cli, rate, duration, sender_cpu, receiver_cpu, keep, gso, flows):
    directory = tempfile.mkdtemp(prefix=f"ingest-{collector.name}-")
    port = free_port()
    process = collector.start(port, directory, receiver_cpu)
    try:
        wait_for(lambda: udp_bound(port), 30, f"{collector.name} to bind 127.0.0.1:{port}")
        time.sleep(0.5)  # let it finish starting (JIT, first allocations) before the clock starts
        cpu_before = cpu_seconds(process.pid)
        kernel_before = kernel_udp_drops()
        send = subprocess.run(
            ["taskset", "-c", sender_cpu, cli, "generate", "--target", f"127.0.0.1:{port}", "--version", "9",
             "--pps", str(rate), "--duration", f"{duration}s", "--records-per-packet", str(RECORDS_PER_PACKET),
             "--flows", str(flows), "--report", "json"] + (["--gso"] if gso else []), capture_output=True, text=True, check=True)
        report = json.loads(send.stdout.strip().splitlines()[-1])
        # Drain: wait until the collector stops using CPU (its queues are empty), at most 60 s.
        last = cpu_seconds(process.pid)
        for _ in range(600):
            time.sleep(0.25)
            now = cpu_seconds(process.pid)
            if now - last < 0.01:
                break
            last = now
        stages = collector.stages()
        peak = peak_rss_mb(process.pid)
        process.send_signal(signal.SIGTERM)
        # The kernel's rusage of a reaped child: read it through wait4 to count the final flush.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        receiving = last - cpu_before
        kernel_drops = kernel_udp_drops() - kernel_before
        if process.returncode != 0:
            raise RuntimeError(f"{collector.name} exited with {process.returncode}; log in {directory}")
        stored = collector.stored(directory)
        offered = int(report["records"])
        return {
            "offered": offered, "stored": stored, "loss": 100.0 * (offered - stored) / offered if offered else 0.0,
            "cpu_per_million": cpu / (stored / 1e6) if stored else float("nan"),
            "receiving_per_million": receiving / (stored / 1e6) if stored else float("nan"),
            "exit_cpu": cpu - receiving,
            "peak_mb": peak, "sent_pps": report["packets"] / report["seconds"], "send_errors": report.get("sendErrors", 0),
            "kernel_drops": kernel_drops, "stages": stages,
        }
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        collector.close()
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)


def spread(values, fmt):
    values = sorted(values)
    med = statistics.median(values)
    return f"{fmt.format(med)} ({fmt.format(values[0])}-{fmt.format(values[-1])})" if len(values) > 1 else fmt.format(med)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", type=int, nargs="+", default=[50_000, 100_000, 150_000, 200_000, 250_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds of sending per run")
    parser.add_argument("--collectors", nargs="+", default=["nfcapd", "netflow", "netflow-nogro"], choices=["nfcapd", "netflow", "netflow-nogro"])
    parser.add_argument("--sender-cpu", default="0")
    parser.add_argument("--receiver-cpu", default="1")
    parser.add_argument("--artifacts", default="/tmp/ingest-art")
    parser.add_argument("--keep", action="store_true", help="keep each run's directory (store, log)")
    parser.add_argument("--flows", type=int, default=1000,
                        help="distinct flow keys the stream cycles through (generate --flows); the default 1000 repeats exactly, which compresses far better than real traffic")
    parser.add_argument("--no-gso", action="store_true",
                        help="send with plain sendmmsg; by default the sender uses UDP segmentation offload, without which one core of this VM tops out below 200k packets/s")
    args = parser.parse_args()

    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(REPO, "src", "NetFlow.Cli"), "--artifacts-path", args.artifacts,
                    "-nologo", "-v", "q"], check=True, stdout=subprocess.DEVNULL)
    cli = os.path.join(args.artifacts, "bin", "NetFlow.Cli", "release", "netflow")
    # netflow-nogro: the same without UDP GRO. On loopback the GSO sender's segments reach a GRO
    # socket still joined (as a NIC's GRO would join a burst from one exporter), which saves the
    # receiver most of its kernel work per datagram; nfcapd cannot use GRO, so this is the like-for-like row.
    makers = {"netflow": lambda: Netflow(cli), "netflow-nogro": lambda: Netflow(cli, ["--udp-gro", "false"]), "nfcapd": Nfcapd}
    print(f"machine: {os.cpu_count()} cores; sender on cpu {args.sender_cpu}, receiver on cpu {args.receiver_cpu}; "
          f"NetFlow v9, {RECORDS_PER_PACKET} records/packet, {args.flows} flows; {args.runs} runs of {args.duration} s per point; "
          f"load average {open('/proc/loadavg').read().split()[0]}", flush=True)

    results = {}
    for rate in args.rates:
        for name in args.collectors:
            runs = []
            for r in range(args.runs):
                res = run_once(makers[name](), cli, rate, args.duration, args.sender_cpu, args.receiver_cpu, args.keep, not args.no_gso, args.flows)
                runs.append(res)
                stages = ", ".join(f"{k} {int(v)}" for k, v in res["stages"].items() if v) or "-"
                print(f"  {name:8} {rate:>7} pps run {r + 1}: offered {res['offered']:>10}, stored {res['stored']:>10}, "
                      f"loss {res['loss']:6.2f}%, {res['cpu_per_million']:.3f} CPU-s/M ({res['receiving_per_million']:.3f} receiving, "
                      f"{res['exit_cpu']:.2f} s at exit), peak {res['peak_mb']:.0f} MB, "
                      f"sent {res['sent_pps']:.0f} pps, kernel drops {res['kernel_drops']}, netflow drops: {stages}", flush=True)
            results[(rate, name)] = runs

    print()
    print("| Offered pps | Collector | Records offered | Records stored | Loss % | CPU-s per M records | of which receiving | CPU-s at exit | Peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for rate in args.rates:
        for name in args.collectors:
            runs = results[(rate, name)]
            print(f"| {rate:,} | {name} | {spread([r['offered'] for r in runs], '{:,.0f}')} | {spread([r['stored'] for r in runs], '{:,.0f}')} | "
                  f"{spread([r['loss'] for r in runs], '{:.2f}')} | {spread([r['cpu_per_million'] for r in runs], '{:.3f}')} | "
                  f"{spread([r['receiving_per_million'] for r in runs], '{:.3f}')} | {spread([r['exit_cpu'] for r in runs], '{:.2f}')} | "
                  f"{spread([r['peak_mb'] for r in runs], '{:.0f}')} |")
    print()
    best = {}
    for name in args.collectors:
        lossless = [rate for rate in args.rates if all(r["stored"] >= r["offered"] for r in results[(rate, name)])]
        best[name] = max(lossless) if lossless else 0
        print(f"highest lossless rate, {name}: {best[name]:,} packets/s ({best[name] * RECORDS_PER_PACKET / 1e6:.2f} M records/s)")
    for name in ("netflow", "netflow-nogro"):
        if best.get("nfcapd") and name in best:
            print(f"ratio {name} / nfcapd: {best[name] / best['nfcapd']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
