#!/usr/bin/env python3
"""Soak driver for `scripts/soak`: an open-loop steady rate of a realistic mix of requests
against a running `zeri serve`, with the server's memory, open files and data folder
sampled every 5 s. Python 3.11 standard library only.

Open loop: request i is scheduled at t0 + i / rate on a fixed clock and handed to a thread
pool; nothing waits for an earlier answer. Latency is measured from the scheduled time to
the last byte of the answer, so time spent waiting for a free worker counts (no
coordinated omission).

Exit status: 0 when every check passes, 1 otherwise. Usage (normally through scripts/soak):
  soak.py --base http://127.0.0.1:PORT --pid PID --data-dir DIR --minutes 5 --rate 20 \\
          --png FILE --out target/soak/soak-TS.md [--server-log FILE] [--label TEXT]
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import math
import os
import random
import re
import statistics
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

SAMPLE_EVERY = 5.0  # seconds
TIMEOUT = 30.0  # seconds per request; a request not answered by then is a connection error
TOKEN_LIFE = 20 * 60.0  # seconds a simulated child keeps using a follow-up session

# ----- the mix ---------------------------------------------------------------------------

# (kind, weight, expected statuses). Weights are per 1,000 requests.
MIX = [
    ("report_api", 180, {201}),  # POST /api/v1/reports (JSON)
    ("report_form_png", 40, {201}),  # POST /{sq,en}/report, multipart with a small PNG
    ("followup_open", 90, {201}),  # POST /api/v1/followup/session with a receipt from earlier
    ("followup_view", 100, {200}),  # GET /api/v1/followup (bearer)
    ("followup_message", 60, {201}),  # POST /api/v1/followup/messages (bearer)
    ("followup_close", 25, {204}),  # DELETE /api/v1/followup/session (bearer)
    ("followup_wrong_receipt", 5, {401}),  # a mistyped receipt: counted by the throttle
    ("services_nearest", 150, {200}),  # GET /api/v1/services?place=…|lat=…&lon=…
    ("hsds_list", 60, {200}),  # GET /hsds/services?…
    ("hsds_service", 50, {200}),  # GET /hsds/services/{id}
    ("hsds_about", 10, {200}),  # GET /hsds/
    ("static_page", 220, {200}),  # /sq, /en, /sq/learn…, /sq/help, /sq/report, assets
    ("healthz", 10, {200}),  # GET /healthz
]
EXPECTED = {k: s for k, _, s in MIX}

PLACES = [
    "Korce", "Tiranë", "Tirana", "Kukës", "Shkoder", "Durrës", "Vlorë", "Elbasan", "Fier",
    "Berat", "Lezhë", "Gjirokastër", "Sarandë", "Pogradec", "Kavajë", "Lushnjë", "Dibër",
    "Has", "Tropojë", "Përmet", "Kamez", "Mat", "Librazhd", "Devoll",
]
CATEGORIES = [
    "grooming", "sexual_extortion", "images_shared", "abuse_material_seen", "live_streaming",
    "unwanted_content", "harassment", "other",
]
REPORTERS = ["self", "self", "self", "on_behalf", "professional"]
WHENS = ["ongoing", "today", "this_week", "this_month", "this_year", "longer_ago", "not_sure"]
AGE_BANDS = ["under_13", "13_15", "13_15", "16_17", "adult_before_18", "unknown"]
PLATFORMS = ["Instagram", "TikTok", "Snapchat", "WhatsApp", "Facebook", "Discord", "a game", ""]
KINDS = ["", "", "helpline", "reporting", "psychological", "social", "legal", "medical", "police"]
SENTENCES = [
    "Someone I met in a game asked me for pictures.",
    "He says he will send my photos to my class unless I pay.",
    "A person I do not know keeps writing to me at night.",
    "My friend's picture is being shared in a group chat.",
    "They asked me to keep it secret and not tell my parents.",
    "I blocked the account but a new one wrote to me again.",
    "I am scared and I do not know what to do.",
    "The account has a fake name and says it is my age.",
]
MESSAGES = [
    "I have more screenshots if you need them.",
    "He wrote to me again today from another account.",
    "Thank you. Can someone call me after school?",
    "I told my mother, she knows now.",
    "Is there any news about my report?",
]
STATIC = [
    "/sq", "/en", "/sq/learn", "/en/learn", "/sq/learn/risks", "/sq/learn/what-to-do",
    "/en/learn/after-report", "/sq/learn/get-help", "/en/learn/parents", "/sq/learn/teachers",
    "/sq/help", "/en/help", "/sq/report", "/en/report", "/sq/followup", "/sq/leaflet",
    "/static/style.css", "/static/app.js", "/favicon.ico",
]
HSDS_SEARCH = ["", "", "linja", "policia", "psikolog", "mbrojtje", "Kukës", "child"]
HSDS_TERMS = ["", "", "", "psychological", "helpline", "police", "legal"]


@dataclass
class Result:
    sched: float  # seconds after t0 the request was scheduled for
    kind: str
    status: int  # 0 when there was no answer
    latency_ms: float  # scheduled time → last byte of the answer
    error: str = ""


@dataclass
class Sample:
    t: float
    rss_kb: int
    fds: int
    data_bytes: int
    cpu_s: float  # the server's user + system CPU time so far
    load1: float  # the machine's 1-minute load average


@dataclass
class Shared:
    """What the requests learn from each other: receipts, sessions, service ids."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    receipts: list = field(default_factory=list)
    service_ids: list = field(default_factory=list)
    # Open follow-up sessions, oldest first: (opened at, token). A session older than
    # TOKEN_LIFE is abandoned (the child walked away; the server expires it after 30 idle
    # minutes), so no request uses a session the server may have expired.
    tokens: list = field(default_factory=list)
    # Sessions the child is leaving: (retired at, token). Closed only once no request
    # that picked them can still be in flight, so a close never races a view.
    leaving: list = field(default_factory=list)

    def add(self, name: str, value) -> None:
        with self.lock:
            getattr(self, name).append(value)

    def pick(self, name: str, rng: random.Random):
        with self.lock:
            if name == "tokens":
                self._prune()
            items = getattr(self, name)
            return rng.choice(items) if items else None

    def _prune(self) -> None:
        now = time.monotonic()
        while self.tokens and now - self.tokens[0][0] > TOKEN_LIFE:
            self.tokens.pop(0)

    def retire_and_take(self) -> str | None:
        """Moves the oldest open session to the leaving queue; returns one that may be closed now."""
        with self.lock:
            self._prune()
            now = time.monotonic()
            if len(self.tokens) > 20:
                self.leaving.append((now, self.tokens.pop(0)[1]))
            if self.leaving and now - self.leaving[0][0] > TIMEOUT + 1:
                return self.leaving.pop(0)[1]
            return None


# ----- HTTP ------------------------------------------------------------------------------


def noise_png(rng: random.Random, size: int = 64) -> bytes:
    """A PNG of random pixels, different every time (for --distinct-images)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Client:
    def __init__(self, base: str, png: bytes, distinct_images: bool = False) -> None:
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.png = png
        self.distinct_images = distinct_images
        self.shared = Shared()

    def send(self, rng: random.Random, method: str, path: str, body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, bytes]:
        """One exchange on a new connection (each simulated child is a new client)."""
        h = {
            "User-Agent": "zeri-soak/1",
            "Accept-Encoding": "gzip",
            "Accept-Language": rng.choice(["sq", "sq", "en", "sq-AL,sq;q=0.9,en;q=0.5"]),
            # Many children behind a proxy: the server runs with --trust-forwarded-for.
            "X-Forwarded-For": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "Connection": "close",
        }
        h.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            if resp.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            return resp.status, data
        finally:
            conn.close()

    # -- the requests of the mix: each returns (the kind actually sent, the status) --

    def report_api(self, rng: random.Random) -> tuple[str, int]:
        contact = rng.choice(["none", "none", "none", "email", "phone"])
        report = {
            "reporter": rng.choice(REPORTERS),
            "category": rng.choice(CATEGORIES),
            "description": " ".join(rng.sample(SENTENCES, rng.randint(1, 4))),
            "platform": rng.choice(PLATFORMS),
            "when": rng.choice(WHENS),
            "age_band": rng.choice(AGE_BANDS),
            "location": rng.choice(PLACES + [""]),
            "contact_method": contact,
            "consent_cpo": rng.random() < 0.6,
            "consent_police": rng.random() < 0.3,
        }
        if contact == "email":
            report["email"] = f"child{rng.randrange(10**6)}@example.al"
        if contact == "phone":
            report["phone"] = f"+355 6{rng.randint(7, 9)} {rng.randrange(10**7):07d}"
        if rng.random() < 0.2:
            report["links"] = f"https://example.com/u/{rng.randrange(10**6)}"
        status, body = self.send(rng, "POST", "/api/v1/reports", json.dumps(report).encode(),
                                 {"Content-Type": "application/json"})
        if status == 201:
            self.shared.add("receipts", json.loads(body)["receipt"])
        return "report_api", status

    def report_form_png(self, rng: random.Random) -> tuple[str, int]:
        b = f"soak{rng.randrange(10**12)}"
        parts = []
        fields = {
            "reporter": rng.choice(REPORTERS),
            "category": rng.choice(["sexual_extortion", "images_shared", "grooming"]),
            "description": " ".join(rng.sample(SENTENCES, 2)) + " I attach a screenshot.",
            "when": rng.choice(WHENS),
            "age_band": rng.choice(AGE_BANDS),
            "location": rng.choice(PLACES),
            "contact_method": "none",
        }
        for k, v in fields.items():
            parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        parts.append(
            f'--{b}\r\nContent-Disposition: form-data; name="evidence"; filename="screenshot.png"\r\n'
            "Content-Type: image/png\r\n\r\n".encode()
            + (noise_png(rng) if self.distinct_images else self.png)
            + b"\r\n"
        )
        parts.append(f"--{b}--\r\n".encode())
        lang = rng.choice(["sq", "en"])
        status, body = self.send(rng, "POST", f"/{lang}/report", b"".join(parts),
                                 {"Content-Type": f"multipart/form-data; boundary={b}"})
        if status == 201:
            m = re.search(rb"data-receipt>([0-9-]+)<", body)
            if m:
                self.shared.add("receipts", m.group(1).decode())
            else:
                return "report_form_png", -201  # a 201 without a receipt: counted as unexpected
        return "report_form_png", status

    def followup_open(self, rng: random.Random) -> tuple[str, int]:
        receipt = self.shared.pick("receipts", rng)
        if receipt is None:
            return self.report_api(rng)
        # Children type receipts with or without the dashes.
        typed = receipt if rng.random() < 0.7 else receipt.replace("-", "")
        status, body = self.send(rng, "POST", "/api/v1/followup/session",
                                 json.dumps({"receipt": typed}).encode(), {"Content-Type": "application/json"})
        if status == 201:
            self.shared.add("tokens", (time.monotonic(), json.loads(body)["token"]))
        return "followup_open", status

    def _bearer(self, rng: random.Random) -> dict | None:
        picked = self.shared.pick("tokens", rng)
        return {"Authorization": f"Bearer {picked[1]}"} if picked else None

    def followup_view(self, rng: random.Random) -> tuple[str, int]:
        auth = self._bearer(rng)
        if auth is None:
            return self.followup_open(rng)
        return "followup_view", self.send(rng, "GET", "/api/v1/followup", None, auth)[0]

    def followup_message(self, rng: random.Random) -> tuple[str, int]:
        auth = self._bearer(rng)
        if auth is None:
            return self.followup_open(rng)
        body = json.dumps({"body": rng.choice(MESSAGES)}).encode()
        headers = {**auth, "Content-Type": "application/json"}
        return "followup_message", self.send(rng, "POST", "/api/v1/followup/messages", body, headers)[0]

    def followup_close(self, rng: random.Random) -> tuple[str, int]:
        token = self.shared.retire_and_take()
        if token is None:
            return self.followup_open(rng)
        auth = {"Authorization": f"Bearer {token}"}
        return "followup_close", self.send(rng, "DELETE", "/api/v1/followup/session", None, auth)[0]

    def followup_wrong_receipt(self, rng: random.Random) -> tuple[str, int]:
        wrong = "-".join(f"{rng.randrange(10**4):04d}" for _ in range(5))
        body = json.dumps({"receipt": wrong}).encode()
        status = self.send(rng, "POST", "/api/v1/followup/session", body, {"Content-Type": "application/json"})[0]
        return "followup_wrong_receipt", status

    def services_nearest(self, rng: random.Random) -> tuple[str, int]:
        q: dict = {}
        if rng.random() < 0.6:
            q["place"] = rng.choice(PLACES)
        else:  # "share my location": a point inside Albania
            q["lat"] = f"{rng.uniform(39.8, 42.5):.5f}"
            q["lon"] = f"{rng.uniform(19.4, 20.9):.5f}"
        kind = rng.choice(KINDS)
        if kind:
            q["type"] = kind
        if rng.random() < 0.2:
            q["free"] = "true"
        if rng.random() < 0.1:
            q["danger"] = "true"
        return "services_nearest", self.send(rng, "GET", "/api/v1/services?" + urllib.parse.urlencode(q))[0]

    def hsds_list(self, rng: random.Random) -> tuple[str, int]:
        q = {"page": str(rng.randint(1, 2)), "per_page": rng.choice(["10", "25", "50"])}
        s = rng.choice(HSDS_SEARCH)
        if s:
            q["search"] = s
        t = rng.choice(HSDS_TERMS)
        if t:
            q["taxonomy_term_id"] = t
        status, body = self.send(rng, "GET", "/hsds/services?" + urllib.parse.urlencode(q))
        if status == 200 and len(self.shared.service_ids) < 200:
            for item in json.loads(body).get("contents", []):
                if item.get("id") and item["id"] not in self.shared.service_ids:
                    self.shared.add("service_ids", item["id"])
        return "hsds_list", status

    def hsds_service(self, rng: random.Random) -> tuple[str, int]:
        sid = self.shared.pick("service_ids", rng)
        if sid is None:
            return self.hsds_list(rng)
        return "hsds_service", self.send(rng, "GET", "/hsds/services/" + urllib.parse.quote(sid))[0]

    def hsds_about(self, rng: random.Random) -> tuple[str, int]:
        return "hsds_about", self.send(rng, "GET", "/hsds/")[0]

    def static_page(self, rng: random.Random) -> tuple[str, int]:
        return "static_page", self.send(rng, "GET", rng.choice(STATIC))[0]

    def healthz(self, rng: random.Random) -> tuple[str, int]:
        return "healthz", self.send(rng, "GET", "/healthz")[0]


# ----- measuring the server --------------------------------------------------------------


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def load1() -> float:
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def dir_bytes(path: str) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except FileNotFoundError:
                pass
    return total


def sampler(pid: int, data_dir: str, t0: float, stop: threading.Event, out: list) -> None:
    n = 0
    while True:
        target = t0 + n * SAMPLE_EVERY
        delay = target - time.monotonic()
        if delay > 0 and stop.wait(delay):
            break
        try:
            out.append(Sample(time.monotonic() - t0, rss_kb(pid), fd_count(pid), dir_bytes(data_dir),
                              cpu_seconds(pid), load1()))
        except (FileNotFoundError, ProcessLookupError):
            out.append(Sample(time.monotonic() - t0, 0, 0, 0, 0.0, 0.0))
            break
        n += 1


# ----- statistics ------------------------------------------------------------------------


def pct(values: list, p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return math.nan
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def ms(v: float) -> str:
    return "—" if math.isnan(v) else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def mb(kb: float) -> str:
    return f"{kb / 1024:.1f}"


def sample_at(samples: list, t: float) -> Sample | None:
    """The last sample taken at or before t (plus half a period of slack)."""
    before = [s for s in samples if s.t <= t + SAMPLE_EVERY / 2 and s.rss_kb]
    return before[-1] if before else None


def is_error(r: Result) -> bool:
    return r.status == 0 or r.status >= 500 or r.status not in EXPECTED[r.kind]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--rate", type=float, default=20)
    ap.add_argument("--png", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--server-log")
    ap.add_argument("--label", default="")
    ap.add_argument("--workers", type=int, default=64)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--distinct-images", action="store_true",
                    help="attach a different random-pixel PNG to every form report instead of --png (a control)")
    args = ap.parse_args()

    with open(args.png, "rb") as f:
        client = Client(args.base, f.read(), args.distinct_images)
    duration = args.minutes * 60
    total = int(round(duration * args.rate))
    kinds = [k for k, _, _ in MIX]
    weights = [w for _, w, _ in MIX]
    plan_rng = random.Random(args.seed)
    plan = plan_rng.choices(kinds, weights=weights, k=total)

    results: list[Result] = []
    results_lock = threading.Lock()
    samples: list[Sample] = []
    stop = threading.Event()
    t0 = time.monotonic() + 0.5
    sampler_thread = threading.Thread(target=sampler, args=(args.pid, args.data_dir, t0, stop, samples), daemon=True)
    sampler_thread.start()

    def run(i: int, kind: str) -> None:
        sched = t0 + i / args.rate
        rng = random.Random(args.seed * 1_000_003 + i)
        status, error = 0, ""
        try:
            kind, status = getattr(client, kind)(rng)
        except Exception as e:  # refused, reset, timed out: no answer
            error = f"{type(e).__name__}: {e}"
        done = time.monotonic()
        with results_lock:
            results.append(Result(sched - t0, kind, status, (done - sched) * 1000, error))

    print(f"soak: {total} requests over {args.minutes:g} min at {args.rate:g}/s against {args.base}"
          f" (server pid {args.pid})", file=sys.stderr, flush=True)
    late = 0
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        next_report = 60.0
        for i, kind in enumerate(plan):
            sched = t0 + i / args.rate
            delay = sched - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -0.05:
                late += 1  # the scheduler itself fell behind (counted, and shown)
            pool.submit(run, i, kind)
            if i / args.rate >= next_report:
                with results_lock:
                    recent = [r for r in results if next_report - 60 <= r.sched < next_report]
                errs = sum(is_error(r) for r in recent)
                s = samples[-1] if samples else None
                print(f"soak: minute {int(next_report // 60)} done: {len(recent)} answered, {errs} errors,"
                      f" p99 {ms(pct([r.latency_ms for r in recent], 99))} ms,"
                      f" RSS {mb(s.rss_kb) if s else '?'} MB, fds {s.fds if s else '?'}",
                      file=sys.stderr, flush=True)
                next_report += 60
    elapsed = time.monotonic() - t0
    time.sleep(max(0.0, SAMPLE_EVERY - (elapsed % SAMPLE_EVERY)) + 0.1)  # one last sample after the drain
    stop.set()
    sampler_thread.join(timeout=10)

    # ----- report -----
    minutes = max(1, math.ceil(duration / 60 - 1e-9))
    by_minute = defaultdict(list)
    for r in results:
        by_minute[min(int(r.sched // 60), minutes - 1)].append(r)

    lines: list[str] = []
    out = lines.append
    out(f"# Soak: {args.minutes:g} min at {args.rate:g} requests/s")
    out("")
    if args.label:
        out(args.label)
        out("")
    picture = ("a different 64×64 random-pixel PNG each time (--distinct-images)" if args.distinct_images
               else f"the same picture every time ({os.path.basename(args.png)}, {len(client.png):,} bytes)")
    out(f"Form reports attach {picture}.")
    out("")
    out(f"Open loop: {total} requests scheduled on a fixed clock ({args.rate:g}/s), {args.workers} worker threads,"
        " a new connection per request; latency from the scheduled time to the last byte of the answer."
        f" Server memory (VmRSS), open file descriptors and the size of the data folder sampled every"
        f" {SAMPLE_EVERY:g} s. The scheduler was late (> 50 ms) for {late} requests.")
    out("")
    out("| minute | requests | errors | p50 ms | p95 ms | p99 ms | max ms | RSS MB | fds | data MB"
        " | server CPU | load |")
    out("|---|---|---|---|---|---|---|---|---|---|---|---|")
    p99_by_minute = {}
    for m in range(minutes):
        rs = by_minute.get(m, [])
        lat = [r.latency_ms for r in rs]
        p99_by_minute[m] = pct(lat, 99)
        s = sample_at(samples, (m + 1) * 60)
        s0 = sample_at(samples, m * 60)
        cpu = f"{(s.cpu_s - s0.cpu_s) / (s.t - s0.t) * 100:.0f}%" if s and s0 and s.t > s0.t else "—"
        loads = [x.load1 for x in samples if m * 60 < x.t <= (m + 1) * 60 + SAMPLE_EVERY / 2 and x.rss_kb]
        load = f"{statistics.mean(loads):.1f}" if loads else "—"
        out(f"| {m + 1} | {len(rs)} | {sum(is_error(r) for r in rs)} | {ms(pct(lat, 50))} | {ms(pct(lat, 95))} |"
            f" {ms(pct(lat, 99))} | {ms(max(lat) if lat else math.nan)} |"
            f" {mb(s.rss_kb) if s else '—'} | {s.fds if s else '—'} | {mb(s.data_bytes / 1024) if s else '—'} |"
            f" {cpu} | {load} |")
    lat_all = [r.latency_ms for r in results]
    first = samples[0] if samples else None
    last = sample_at(samples, 1e9)
    out(f"| **all** | **{len(results)}** | **{sum(is_error(r) for r in results)}** | {ms(pct(lat_all, 50))} |"
        f" {ms(pct(lat_all, 95))} | **{ms(pct(lat_all, 99))}** | {ms(max(lat_all) if lat_all else math.nan)} |"
        f" {mb(last.rss_kb) if last else '—'} | {last.fds if last else '—'} |"
        f" {mb(last.data_bytes / 1024) if last else '—'} |"
        f" {f'{last.cpu_s / last.t * 100:.0f}%' if last and last.t else '—'} | |")
    out("")
    if first:
        out(f"At the start (before the first request): RSS {mb(first.rss_kb)} MB, {first.fds} fds, data folder"
            f" {mb(first.data_bytes / 1024)} MB. RSS, fds and data in the table: the sample at the end of each minute;"
            " server CPU: the server's CPU time in the minute over its length (100% = one core); load: the"
            " machine's mean 1-minute load average over the minute (2 cores), everything else on it included.")
        out("")

    out("By kind of request (whole run; p50 of the first and the last minute side by side):")
    out("")
    out("| request | count | statuses | p50 ms | p99 ms | max ms | p50 min 1 | p50 last min |")
    out("|---|---|---|---|---|---|---|---|")
    by_kind = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r)
    for kind in kinds:
        rs = by_kind.get(kind, [])
        if not rs:
            continue
        lat = [r.latency_ms for r in rs]
        st = Counter(r.status for r in rs)
        statuses = ", ".join(f"{k if k else 'none'}×{v}" for k, v in sorted(st.items()))
        f1 = [r.latency_ms for r in rs if r.sched < 60]
        fl = [r.latency_ms for r in rs if r.sched >= (minutes - 1) * 60]
        out(f"| `{kind}` | {len(rs)} | {statuses} | {ms(pct(lat, 50))} | {ms(pct(lat, 99))} | {ms(max(lat))} |"
            f" {ms(pct(f1, 50))} | {ms(pct(fl, 50))} |")
    out("")

    # ----- checks -----
    checks: list[tuple[str, bool | None, str]] = []
    n5xx = sum(1 for r in results if r.status >= 500)
    nconn = sum(1 for r in results if r.status == 0)
    unexpected = [r for r in results if r.status and r.status < 500 and r.status not in EXPECTED[r.kind]]
    checks.append(("no 5xx", n5xx == 0, f"{n5xx} answers 5xx"))
    checks.append(("no connection errors", nconn == 0, f"{nconn} requests without an answer"))
    checks.append(("every request answered", len(results) == total and nconn == 0,
                   f"{len(results) - nconn} of {total} answered"))
    checks.append(("only expected statuses", not unexpected,
                   f"{len(unexpected)} unexpected (e.g. {unexpected[0].kind} → {unexpected[0].status})"
                   if unexpected else "every answer had its expected status"))
    if minutes >= 2:
        base = sample_at(samples, 60)
        tail = [s for s in samples if s.t > duration - 60 and s.rss_kb]
        if base and tail:
            peak = max(s.rss_kb for s in tail)
            limit = base.rss_kb + max(0.10 * base.rss_kb, 20 * 1024)
            checks.append(("RSS flat after warm-up", peak <= limit,
                           f"last minute's peak {mb(peak)} MB vs {mb(base.rss_kb)} MB at the end of minute 1"
                           f" ({peak / base.rss_kb * 100 - 100:+.1f}%; limit {mb(limit)} MB)"))
        base_fd = [s.fds for s in samples if 30 <= s.t <= 60 + SAMPLE_EVERY / 2 and s.rss_kb]
        tail_fd = [s.fds for s in tail]
        if base_fd and tail_fd:
            checks.append(("fds not growing", max(tail_fd) <= max(base_fd) + 8,
                           f"last minute {min(tail_fd)}–{max(tail_fd)} vs {min(base_fd)}–{max(base_fd)}"
                           " in the second half of minute 1 (slack 8)"))
    else:
        checks.append(("RSS flat after warm-up", None, "needs at least 2 minutes"))
        checks.append(("fds not growing", None, "needs at least 2 minutes"))
    if minutes >= 3:
        p2, pl = p99_by_minute[1], p99_by_minute[minutes - 1]
        checks.append(("latency stable", pl <= 2 * p2,
                       f"last minute p99 {ms(pl)} ms vs minute 2 p99 {ms(p2)} ms ({pl / p2:.2f}×; limit 2×)"))
    else:
        checks.append(("latency stable", None, "needs at least 3 minutes"))

    out("| check | result | detail |")
    out("|---|---|---|")
    for name, ok, detail in checks:
        out(f"| {name} | {'n/a' if ok is None else ('pass' if ok else '**FAIL**')} | {detail} |")
    out("")
    if args.server_log and os.path.exists(args.server_log):
        with open(args.server_log, errors="replace") as f:
            log = f.read()
        lvl = Counter(m.group(1) for m in re.finditer(r"\s(ERROR|WARN)\s", log))
        panics = log.count("panicked")
        out(f"Server log: {log.count(chr(10))} lines, {lvl['ERROR']} ERROR, {lvl['WARN']} WARN, {panics} panics.")
        out("")
    errors = [r for r in results if r.error]
    if errors:
        out("First connection errors:")
        out("")
        for r in errors[:10]:
            out(f"- t={r.sched:.2f}s {r.kind}: {r.error}")
        out("")
    failed = [c for c in checks if c[1] is False]
    out(f"**{'FAIL' if failed else 'PASS'}**" + (": " + ", ".join(c[0] for c in failed) if failed else ""))

    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    # The raw samples, for a closer look.
    with open(os.path.splitext(args.out)[0] + ".samples.tsv", "w") as f:
        f.write("t_s\trss_kb\tfds\tdata_bytes\tcpu_s\tload1\n")
        for s in samples:
            f.write(f"{s.t:.1f}\t{s.rss_kb}\t{s.fds}\t{s.data_bytes}\t{s.cpu_s:.2f}\t{s.load1:.2f}\n")
    with open(os.path.splitext(args.out)[0] + ".requests.tsv", "w") as f:
        f.write("sched_s\tkind\tstatus\tlatency_ms\terror\n")
        for r in sorted(results, key=lambda r: r.sched):
            f.write(f"{r.sched:.3f}\t{r.kind}\t{r.status}\t{r.latency_ms:.2f}\t{r.error}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
