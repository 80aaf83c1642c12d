#!/usr/bin/env python3
"""Load driver for `scripts/scale-run`: one phase of the run at scale (issue 18, point 7)
against Zëri instances behind nginx with TLS and directly, with checks. Python 3 standard
library only; the approach (open loop on a fixed clock, latency from the scheduled time,
a new connection and a client address per simulated child) is scripts/soak.py's.

A phase: chats are set up (a child's report, the child's follow-up cookie, the chat
opened, a counsellor on duty takes it), then for SECONDS an open-loop mix of reports (JSON
and the form with a small PNG), follow-up sessions and reads, follow-up messages, pages and
/healthz goes through the proxy and straight at each live instance, while every chat
exchanges messages both ways with both sides' event streams open (the child's on one
instance, the counsellor's on the other). With --kill-pid the driver sends SIGKILL to that
instance at --kill-at seconds and keeps driving (streams of the dead instance reconnect
through the proxy with Last-Event-ID, as EventSource does). Then the checks:
  - every receipt confirmed (201 with a receipt) opens its report on a surviving instance;
  - reports stored = confirmed + at most the report requests left unconfirmed at the kill
    (a POST nginx sent twice would show as more); evidence rows = stored form reports, every
    file present in the evidence store, a sample opened by a counsellor byte for byte;
  - every chat message confirmed (201) is in the thread read afresh on the survivor, and
    every one sent after the kill reached the other side's (reconnected) stream;
  - no 5xx and no unanswered request outside the kill window.
Writes a JSON summary (--out) for the table scripts/scale-run prints; exits 1 on a failed check.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import math
import os
import random
import re
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

TIMEOUT = 30.0
# After a kill, how long 5xx and unanswered requests through the proxy are expected (nginx
# marks the dead instance down at its first failure; requests in flight on it are lost).
KILL_WINDOW = 10.0

MIX = [
    # (kind, weight, expected statuses)
    ("report_api", 250, {201}),
    ("report_form_png", 100, {201}),
    ("followup_open", 150, {201}),
    ("followup_view", 200, {200}),
    ("followup_message", 100, {201}),
    ("page", 150, {200}),
    ("healthz", 50, {200}),
]
EXPECTED = {k: s for k, _, s in MIX}
EXPECTED.update({"chat_child": {201}, "chat_staff": {201}})
CATEGORIES = ["grooming", "sexual_extortion", "images_shared", "harassment", "other"]
PAGES = ["/sq", "/en", "/sq/learn", "/sq/help", "/sq/report", "/en/report", "/sq/followup", "/static/style.css"]
SENTENCES = [
    "Scale run: someone I met in a game asked me for pictures.",
    "Scale run: he says he will send my photos to my class.",
    "Scale run: a person I do not know keeps writing to me at night.",
]


@dataclass
class Result:
    sched: float  # seconds after t0
    done: float  # seconds after t0 the answer ended (or the request failed)
    kind: str
    via: str  # proxy, a, b
    status: int  # 0: no answer
    latency_ms: float
    error: str = ""


def noise(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(32))


def noise_png(rng: random.Random, size: int = 32) -> bytes:
    """A small PNG of random pixels, different for every report (so the matcher does not
    match every report with every earlier one, as the same picture would; synthetic only)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Target:
    """Where a request goes: the proxy (TLS, the site's name) or one instance directly."""

    def __init__(self, name: str, url: str, cacert: str | None, host: str | None):
        u = urllib.parse.urlsplit(url)
        self.name, self.tls = name, u.scheme == "https"
        self.addr, self.port = u.hostname, u.port or (443 if self.tls else 80)
        self.host = host or f"{u.hostname}:{self.port}"
        self.ctx = None
        if self.tls:
            self.ctx = ssl.create_default_context(cafile=cacert)
            self.server_name = self.host.split(":")[0]

    def connect(self, rng: random.Random, timeout: float = TIMEOUT) -> http.client.HTTPConnection:
        # A client address of its own (127.x.y.z, all loopback) for every simulated child, so
        # per-client limits see many children, as behind a real proxy.
        src = (f"127.{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(1, 255)}", 0)
        sock = socket.create_connection((self.addr, self.port), timeout=timeout, source_address=src)
        if self.tls:
            sock = self.ctx.wrap_socket(sock, server_hostname=self.server_name)
            conn = http.client.HTTPSConnection(self.addr, self.port, timeout=timeout, context=self.ctx)
        else:
            conn = http.client.HTTPConnection(self.addr, self.port, timeout=timeout)
        conn.sock = sock
        return conn

    def headers(self, rng: random.Random) -> dict:
        h = {"Host": self.host, "User-Agent": "zeri-scale-run/1", "Connection": "close",
             "Accept-Language": rng.choice(["sq", "en"])}
        if not self.tls:
            # Straight at an instance (--trusted-proxies 1): the entry nginx would append.
            h["X-Forwarded-For"] = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        return h

    def send(self, rng, method, path, body=None, headers=None, timeout=TIMEOUT):
        conn = self.connect(rng, timeout)
        try:
            h = self.headers(rng)
            h.update(headers or {})
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            return resp.status, resp.read(), resp
        finally:
            conn.close()


class Run:
    def __init__(self, args):
        self.args = args
        self.site_host = args.site_host
        self.proxy = Target("proxy", args.proxy, args.cacert, args.site_host)
        self.direct = {}
        for spec in args.direct:
            name, url = spec.split("=", 1)
            self.direct[name] = Target(name, url, None, None)
        self.pids = dict(p.split("=", 1) for p in args.pids)
        self.dead: set[str] = set()
        self.kill_t: float | None = None
        self.sent_files: set[str] = set()  # SHA-256 of every picture sent
        self.lock = threading.Lock()
        self.receipts: list = []  # (receipt, kind, sched)
        self.tokens: list = []
        self.results: list[Result] = []
        self.t0 = 0.0

    def now(self) -> float:
        return time.monotonic() - self.t0

    def pick_target(self, rng) -> Target:
        live = [t for n, t in self.direct.items() if n not in self.dead]
        if rng.random() < 0.6 or not live:
            return self.proxy
        return rng.choice(live)

    def survivor(self) -> Target:
        return next(t for n, t in self.direct.items() if n not in self.dead)

    # ----- the mix -----
    def report_api(self, rng, t):
        body = {"reporter": "self", "category": rng.choice(CATEGORIES), "description": rng.choice(SENTENCES),
                "age_band": "13_15", "contact_method": "none", "consent_cpo": rng.random() < 0.5}
        st, data, _ = t.send(rng, "POST", "/api/v1/reports", json.dumps(body).encode(),
                             {"Content-Type": "application/json"})
        if st == 201:
            with self.lock:
                self.receipts.append((json.loads(data)["receipt"], "api"))
        return "report_api", st

    def report_form_png(self, rng, t):
        b = f"scale{rng.randrange(10**12)}"
        picture = noise_png(rng)
        fields = {"reporter": "self", "category": "images_shared", "description": rng.choice(SENTENCES)
                  + " I attach a screenshot.", "age_band": "16_17", "contact_method": "none"}
        parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="evidence"; filename="screenshot.png"\r\n'
                     "Content-Type: image/png\r\n\r\n".encode() + picture + b"\r\n")
        parts.append(f"--{b}--\r\n".encode())
        with self.lock:
            self.sent_files.add(hashlib.sha256(picture).hexdigest())
        st, data, _ = t.send(rng, "POST", f"/{rng.choice(['sq', 'en'])}/report", b"".join(parts),
                             {"Content-Type": f"multipart/form-data; boundary={b}", "Sec-Fetch-Site": "same-origin"})
        if st == 201:
            m = re.search(rb"data-receipt>([0-9-]+)<", data)
            if not m:
                return "report_form_png", -201
            with self.lock:
                self.receipts.append((m.group(1).decode(), "form"))
        return "report_form_png", st

    def followup_open(self, rng, t):
        with self.lock:
            r = rng.choice(self.receipts)[0] if self.receipts else None
        if r is None:
            return self.report_api(rng, t)
        st, data, _ = t.send(rng, "POST", "/api/v1/followup/session", json.dumps({"receipt": r}).encode(),
                             {"Content-Type": "application/json"})
        if st == 201:
            with self.lock:
                self.tokens.append(json.loads(data)["token"])
                del self.tokens[:-50]
        return "followup_open", st

    def _token(self, rng):
        with self.lock:
            return rng.choice(self.tokens) if self.tokens else None

    def followup_view(self, rng, t):
        tok = self._token(rng)
        if tok is None:
            return self.followup_open(rng, t)
        return "followup_view", t.send(rng, "GET", "/api/v1/followup", None, {"Authorization": f"Bearer {tok}"})[0]

    def followup_message(self, rng, t):
        tok = self._token(rng)
        if tok is None:
            return self.followup_open(rng, t)
        body = json.dumps({"body": "Scale run: is there any news?"}).encode()
        return "followup_message", t.send(rng, "POST", "/api/v1/followup/messages", body,
                                          {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})[0]

    def page(self, rng, t):
        return "page", t.send(rng, "GET", rng.choice(PAGES))[0]

    def healthz(self, rng, t):
        return "healthz", t.send(rng, "GET", "/healthz")[0]

    def record(self, sched, kind, via, status, error=""):
        done = self.now()
        with self.lock:
            self.results.append(Result(sched, done, kind, via, status, (done - sched) * 1000, error))


# ----- chats -----

@dataclass
class Chat:
    n: int
    id: str
    child_cookie: str
    sent: dict = field(default_factory=dict)  # message id -> (side, t, status, via)
    seen: dict = field(default_factory=lambda: {"child": {}, "staff": {}})  # side -> id -> t
    reconnects: list = field(default_factory=list)  # (side, t of the break, t reconnected, where)
    last_seq: dict = field(default_factory=lambda: {"child": 0, "staff": 0})


def cookie_of(resp, name):
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie" and v.startswith(name + "="):
            return v.split(";", 1)[0]
    return None


def totp(secret: str) -> str:
    import base64
    import hmac
    k = base64.b32decode(secret + "=" * (-len(secret) % 8))
    h = hmac.new(k, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def demo_secret(log: str, user: str):
    with open(log, errors="replace") as f:
        m = re.search(rf"^  {re.escape(user)} +password: (\S+)(?:  second factor: ([A-Z2-7]+))?", f.read(), re.M)
    if not m:
        raise SystemExit(f"scale-run: no demo account {user} in {log}")
    return m.group(1), m.group(2)


class Chats:
    def __init__(self, run: Run, count: int, rng: random.Random):
        self.run, self.rng = run, rng
        self.chats: list[Chat] = []
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        p = run.proxy
        password, secret = demo_secret(run.args.accounts_log, "counsellor")
        origin = f"https://{run.site_host}"
        st, body, resp = p.send(rng, "POST", "/en/staff/login",
                                urllib.parse.urlencode({"username": "counsellor", "password": password,
                                                        "code": totp(secret)}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        self.staff = cookie_of(resp, "zeri_staff") or next(
            (v.split(";", 1)[0] for k, v in resp.getheaders() if k.lower() == "set-cookie"), None)
        if st != 303 or not self.staff:
            raise SystemExit(f"scale-run: the counsellor's sign-in answered {st}: {body[:300]!r}")
        st, body, _ = p.send(rng, "GET", "/en/staff/chats", None, {"Cookie": self.staff})
        self.csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
        st, _, _ = p.send(rng, "POST", "/en/staff/chats/duty", urllib.parse.urlencode({"csrf": self.csrf, "on": "1"}).encode(),
                          {"Cookie": self.staff, "Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        for n in range(count):
            kind, st = run.report_api(rng, p)
            receipt = run.receipts[-1][0]
            st, _, resp = p.send(rng, "POST", "/en/followup", urllib.parse.urlencode({"receipt": receipt}).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                                  "Sec-Fetch-Site": "same-origin"})
            child = cookie_of(resp, "zeri_followup")
            st, body, _ = p.send(rng, "POST", "/followup/chat/open", b"{}",
                                 {"Cookie": child, "Content-Type": "application/json", "Origin": origin,
                                  "Sec-Fetch-Site": "same-origin"})
            if st != 200:
                raise SystemExit(f"scale-run: a chat did not open ({st}): {body[:300]!r}")
            chat_id = json.loads(body)["chat"]
            st, body, _ = p.send(rng, "POST", f"/en/staff/chats/{chat_id}/take", urllib.parse.urlencode({"csrf": self.csrf}).encode(),
                                 {"Cookie": self.staff, "Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
            if st != 303:
                raise SystemExit(f"scale-run: the counsellor could not take a chat ({st}): {body[:300]!r}")
            self.chats.append(Chat(n, chat_id, child))

    def stream_path(self, chat: Chat, side: str) -> tuple[str, str]:
        if side == "child":
            return "/followup/chat/events", chat.child_cookie
        return f"/en/staff/chats/{chat.id}/events", self.staff

    def reader(self, chat: Chat, side: str, first: Target):
        """One side's event stream; when it breaks, it reconnects through the proxy (the page
        is the proxy's; a stream straight at an instance stands for one nginx kept there)."""
        rng = random.Random(chat.n * 7 + (side == "staff"))
        target = first
        broke_at = None
        while not self.stop.is_set():
            path, cookie = self.stream_path(chat, side)
            try:
                conn = target.connect(rng, timeout=20)
                h = target.headers(rng)
                h.update({"Cookie": cookie, "Accept": "text/event-stream",
                          "Last-Event-ID": str(chat.last_seq[side])})
                conn.request("GET", f"{path}?after={chat.last_seq[side]}", headers=h)
                resp = conn.getresponse()
                if resp.status != 200:
                    raise OSError(f"stream answered {resp.status}")
                if broke_at is not None:
                    chat.reconnects.append((side, broke_at, self.run.now(), target.name))
                    broke_at = None
                seq = None
                while not self.stop.is_set():
                    line = resp.fp.readline()
                    if not line:
                        raise OSError("stream ended")
                    line = line.decode(errors="replace").rstrip("\r\n")
                    if line.startswith("id: "):
                        seq = int(line[4:])
                    elif line.startswith("data: {") and '"id"' in line:
                        d = json.loads(line[6:])
                        with self.run.lock:
                            chat.seen[side].setdefault(d["id"], self.run.now())
                        if seq:
                            chat.last_seq[side] = max(chat.last_seq[side], seq)
                conn.close()
            except (OSError, http.client.HTTPException, ValueError):
                if self.stop.is_set():
                    return
                if broke_at is None:
                    broke_at = self.run.now()
                target = self.run.proxy
                time.sleep(0.5 + rng.random())  # EventSource's retry, about a second

    def sender(self, chat: Chat, every: float, until: float):
        rng = random.Random(1000 + chat.n)
        i = 0
        while self.run.now() < until and not self.stop.is_set():
            sched = chat.n * 0.3 + i * every
            delay = sched - self.run.now()
            if delay > 0:
                time.sleep(delay)
            side = "child" if i % 2 == 0 else "staff"
            t = self.run.pick_target(rng)
            mid = noise(rng)
            body = json.dumps({"id": mid, "body": f"Scale run message {i} of chat {chat.n}"}).encode()
            origin = f"https://{self.run.site_host}"
            if side == "child":
                path, h = "/followup/chat/send", {"Cookie": chat.child_cookie}
            else:
                path, h = f"/en/staff/chats/{chat.id}/send", {"Cookie": self.staff, "X-CSRF-Token": self.csrf}
            h.update({"Content-Type": "application/json", "Origin": origin, "Sec-Fetch-Site": "same-origin"})
            st, err = 0, ""
            try:
                st = t.send(rng, "POST", path, body, h)[0]
            except Exception as e:  # noqa: BLE001 - no answer
                err = f"{type(e).__name__}: {e}"
            with self.run.lock:
                chat.sent[mid] = (side, sched, st, t.name)
            self.run.record(sched, f"chat_{side}", t.name, st, err)
            i += 1

    def start(self, until: float, every: float):
        names = list(self.run.direct)
        for chat in self.chats:
            # The child's stream on one instance, the counsellor's on the other (or the proxy).
            a = self.run.direct[names[chat.n % len(names)]]
            b = self.run.direct[names[(chat.n + 1) % len(names)]] if len(names) > 1 else self.run.proxy
            for side, first in (("child", a), ("staff", b)):
                th = threading.Thread(target=self.reader, args=(chat, side, first), daemon=True)
                th.start()
                self.threads.append(th)
            th = threading.Thread(target=self.sender, args=(chat, every, until), daemon=True)
            th.start()
            self.threads.append(th)


# ----- after the run -----

def psql(url: str, sql: str) -> list[list[str]]:
    out = subprocess.run(["psql", "-Atq", "-F", "\t", url, "-c", sql], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def s3_keys(endpoint: str, bucket: str, prefix: str) -> set[str]:
    """Every key under the prefix (moto answers unsigned ListObjectsV2)."""
    keys, token = set(), None
    u = urllib.parse.urlsplit(endpoint)
    while True:
        q = {"list-type": "2", "prefix": prefix}
        if token:
            q["continuation-token"] = token
        conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
        conn.request("GET", f"/{bucket}?{urllib.parse.urlencode(q)}")
        body = conn.getresponse().read().decode()
        conn.close()
        keys.update(re.findall(r"<Key>([^<]+)</Key>", body))
        m = re.search(r"<NextContinuationToken>([^<]+)<", body)
        if not m:
            return keys
        token = m.group(1)


def pct(values, p):
    if not values:
        return math.nan
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", required=True)
    ap.add_argument("--proxy", required=True)
    ap.add_argument("--site-host", required=True, help="the site's name and port, e.g. zeri.example:8443")
    ap.add_argument("--cacert", required=True)
    ap.add_argument("--direct", nargs="+", required=True, help="NAME=http://127.0.0.1:PORT")
    ap.add_argument("--pids", nargs="+", required=True, help="NAME=PID")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=20)
    ap.add_argument("--chats", type=int, default=3)
    ap.add_argument("--chat-every", type=float, default=1.0)
    ap.add_argument("--kill", help="NAME of the instance to kill with SIGKILL")
    ap.add_argument("--kill-at", type=float)
    ap.add_argument("--accounts-log", required=True)
    ap.add_argument("--db-url", required=True)
    ap.add_argument("--s3", help="s3://BUCKET/PREFIX of the evidence store")
    ap.add_argument("--s3-endpoint")
    ap.add_argument("--workers", type=int, default=64)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    run = Run(args)
    rng = random.Random(args.seed)
    run.t0 = time.monotonic()
    chats = Chats(run, args.chats, rng)
    total = int(round(args.seconds * args.rate))
    plan = random.Random(args.seed).choices([k for k, _, _ in MIX], weights=[w for _, w, _ in MIX], k=total)
    run.t0 = time.monotonic() + 0.5
    chats.start(args.seconds, args.chat_every)
    late = 0

    def one(i, kind):
        sched = i / args.rate
        r = random.Random(args.seed * 1_000_003 + i)
        t = run.pick_target(r)
        status, err = 0, ""
        try:
            kind, status = getattr(run, kind)(r, t)
        except Exception as e:  # noqa: BLE001 - refused, reset, timed out: no answer
            err = f"{type(e).__name__}: {e}"
        run.record(sched, kind, t.name, status, err)

    print(f"scale-run {args.phase}: {total} requests over {args.seconds:g} s at {args.rate:g}/s, "
          f"{args.chats} chats, via the proxy and {', '.join(run.direct)}", file=sys.stderr, flush=True)
    killed = False
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for i, kind in enumerate(plan):
            sched = i / args.rate
            if args.kill and not killed and sched >= args.kill_at:
                delay = args.kill_at - run.now()
                if delay > 0:
                    time.sleep(delay)
                os.kill(int(run.pids[args.kill]), signal.SIGKILL)
                run.kill_t = run.now()
                run.dead.add(args.kill)
                killed = True
                print(f"scale-run: instance {args.kill} killed (SIGKILL) at {run.kill_t:.2f} s", file=sys.stderr, flush=True)
            delay = sched - run.now()
            if delay > 0:
                time.sleep(delay)
            elif delay < -0.05:
                late += 1
            pool.submit(one, i, kind)
    # The chats' last messages reach the streams; then the streams stop.
    for th in chats.threads[2::3]:
        th.join(timeout=TIMEOUT + 5)
    time.sleep(3)
    chats.stop.set()
    elapsed = run.now()

    # ----- checks -----
    checks: list[tuple[str, bool, str]] = []
    results = sorted(run.results, key=lambda r: r.sched)
    kt = run.kill_t

    def in_window(r: Result) -> bool:
        return kt is not None and r.sched <= kt + KILL_WINDOW and r.done >= kt

    bad = [r for r in results if r.status == 0 or r.status >= 500]
    outside = [r for r in bad if not in_window(r)]
    inside = [r for r in bad if in_window(r)]
    unexpected = [r for r in results if 0 < r.status < 500 and r.status not in EXPECTED[r.kind]]
    checks.append(("no 5xx or unanswered request outside the kill window", not outside,
                   f"{len(outside)} outside" + (f" (e.g. {outside[0].kind} via {outside[0].via} → {outside[0].status}"
                                                f" {outside[0].error})" if outside else "")))
    checks.append(("only expected statuses", not unexpected,
                   f"{len(unexpected)} unexpected" + (f" (e.g. {unexpected[0].kind} via {unexpected[0].via} → "
                                                      f"{unexpected[0].status})" if unexpected else "")))
    proxy_bad = [r for r in inside if r.via == "proxy"]
    recover = None
    if kt is not None:
        last_bad = max((r.done for r in proxy_bad), default=kt)
        recover = last_bad - kt
        checks.append(("through the proxy the service answers again within the kill window", recover <= KILL_WINDOW,
                       f"last failed answer through the proxy {recover:.2f} s after the kill"))

    # Receipts open their reports on a survivor.
    surv = run.survivor()
    opened, failed_open = 0, []
    check_rng = random.Random(7)
    for receipt, _ in run.receipts:
        try:
            st, body, _ = surv.send(check_rng, "POST", "/api/v1/followup/session", json.dumps({"receipt": receipt}).encode(),
                                    {"Content-Type": "application/json"})
            if st == 201:
                tok = json.loads(body)["token"]
                st2, view, _ = surv.send(check_rng, "GET", "/api/v1/followup", None, {"Authorization": f"Bearer {tok}"})
                if st2 == 200 and json.loads(view).get("stage"):
                    opened += 1
                    surv.send(check_rng, "DELETE", "/api/v1/followup/session", None, {"Authorization": f"Bearer {tok}"})
                    continue
            failed_open.append((receipt[:4] + "…", st))
        except Exception as e:  # noqa: BLE001
            failed_open.append((receipt[:4] + "…", str(e)))
    confirmed = len(run.receipts)
    checks.append(("every confirmed receipt opens its report on the survivor", opened == confirmed,
                   f"{opened} of {confirmed} opened" + (f"; failed: {failed_open[:5]}" if failed_open else "")))

    reports_sent = [r for r in results if r.kind in ("report_api", "report_form_png")]
    reports_unconfirmed = [r for r in reports_sent if r.status != 201]
    unconfirmed_at_kill = [r for r in reports_unconfirmed if in_window(r)]
    stored = int(psql(args.db_url, "SELECT count(*) FROM reports")[0][0])
    stored_form = int(psql(args.db_url, "SELECT count(DISTINCT report_id) FROM evidence")[0][0])
    evidence_rows = psql(args.db_url, "SELECT report_id, id, blob_key, received_at FROM evidence ORDER BY received_at")
    setup_reports = args.chats  # the chats' own reports (confirmed too)
    confirmed_form = sum(1 for _, k in run.receipts if k == "form")
    extra = stored - confirmed
    checks.append(("reports stored = confirmed + at most those unconfirmed at the kill (none lost, none doubled)",
                   0 <= extra <= len(unconfirmed_at_kill),
                   f"{stored} stored, {confirmed} confirmed ({setup_reports} for the chats), "
                   f"{len(unconfirmed_at_kill)} unconfirmed at the kill, {len(reports_unconfirmed)} unconfirmed in all"))
    checks.append(("every form report's evidence stored (one file each)",
                   0 <= stored_form - confirmed_form <= len([r for r in unconfirmed_at_kill if r.kind == "report_form_png"])
                   and len(evidence_rows) == stored_form,
                   f"{stored_form} reports with evidence, {len(evidence_rows)} files, {confirmed_form} form reports confirmed"))
    if args.s3 and args.s3_endpoint:
        bucket, _, prefix = args.s3[len("s3://"):].partition("/")
        keys = s3_keys(args.s3_endpoint, bucket, prefix)
        missing = [row for row in evidence_rows if not any(k.endswith(row[2]) for k in keys)]
        checks.append(("every evidence file is in the object store", not missing,
                       f"{len(evidence_rows) - len(missing)} of {len(evidence_rows)} found under {args.s3}"))
    # A sample opened by a counsellor on the survivor, byte for byte: the first and last files.
    sample = evidence_rows[:2] + evidence_rows[-2:] if len(evidence_rows) > 4 else evidence_rows
    password, secret = demo_secret(args.accounts_log, "counsellor2")
    st, body, _ = surv.send(check_rng, "POST", "/api/v1/auth/session",
                            json.dumps({"username": "counsellor2", "password": password, "totp": totp(secret)}).encode(),
                            {"Content-Type": "application/json"})
    same = 0
    detail = []
    if st in (200, 201):
        tok = json.loads(body)["token"]
        for report_id, ev_id, _, _ in sample:
            st, data, resp = surv.send(check_rng, "POST", f"/api/v1/cases/{report_id}/evidence/{ev_id}",
                                       json.dumps({"reason": "Scale run: checking the file survived the kill"}).encode(),
                                       {"Content-Type": "application/json", "Authorization": f"Bearer {tok}"})
            ok = st == 200 and hashlib.sha256(data).hexdigest() in run.sent_files
            same += ok
            if not ok:
                detail.append(f"{st}")
    checks.append(("a sample of evidence files opens on the survivor byte for byte", same == len(sample) and sample != [],
                   f"{same} of {len(sample)} (the first and the last stored)" + (f"; {detail}" if detail else "")))

    # Chats.
    thread_ids = {}
    for chat in chats.chats:
        ids = {r[0] for r in psql(args.db_url, f"SELECT id FROM messages WHERE report_id = "
                                               f"(SELECT report_id FROM chats WHERE id = '{chat.id}')")}
        thread_ids[chat.id] = ids
    lost, late_after, sent_ok, sent_after = [], [], 0, 0
    for chat in chats.chats:
        for mid, (side, t, st, via) in chat.sent.items():
            other = "staff" if side == "child" else "child"
            if st != 201:
                continue
            sent_ok += 1
            if mid not in thread_ids[chat.id]:
                lost.append(mid[:6])
            if kt is not None and t > kt:
                sent_after += 1
                if mid not in chat.seen[other]:
                    late_after.append(mid[:6])
    checks.append(("every confirmed chat message is in its thread", not lost,
                   f"{sent_ok - len(lost)} of {sent_ok} confirmed messages stored"))
    if kt is not None:
        reconnected = sum(len(c.reconnects) for c in chats.chats)
        checks.append(("the chats continue after the kill: every message reached the other side's stream",
                       not late_after and sent_after > 0,
                       f"{sent_after - len(late_after)} of {sent_after} sent after the kill arrived; "
                       f"{reconnected} streams reconnected through the proxy"))
    else:
        not_seen = [mid for c in chats.chats for mid, (side, t, st, _) in c.sent.items()
                    if st == 201 and mid not in c.seen["staff" if side == "child" else "child"]]
        checks.append(("every chat message reached the other side's stream", not not_seen,
                       f"{sent_ok - len(not_seen)} of {sent_ok}"))
    deliveries = [c.seen["staff" if side == "child" else "child"][mid] - t
                  for c in chats.chats for mid, (side, t, st, _) in c.sent.items()
                  if st == 201 and mid in c.seen["staff" if side == "child" else "child"]]

    # ----- summary -----
    by_kind = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r)
    kinds = {}
    for kind, rs in sorted(by_kind.items()):
        ok = [r.latency_ms for r in rs if r.status in EXPECTED[kind]]
        kinds[kind] = {"count": len(rs), "statuses": dict(Counter(str(r.status) for r in rs)),
                       "p50": pct(ok, 50), "p90": pct(ok, 90), "p99": pct(ok, 99),
                       "errors": sum(1 for r in rs if r.status not in EXPECTED[kind])}
    answered = [r for r in results if r.status]
    summary = {
        "phase": args.phase, "seconds": args.seconds, "rate": args.rate, "requests": len(results),
        "answered_per_s": len(answered) / max(args.seconds, 1e-9), "late": late,
        "kinds": kinds, "confirmed": confirmed, "stored": stored,
        "unconfirmed_at_kill": len(unconfirmed_at_kill), "fivexx_in_window": len(inside),
        "fivexx_outside": len(outside), "proxy_failed_in_window": len(proxy_bad),
        "recover_s": recover, "kill_at": kt,
        "chat_sent": sent_ok, "chat_delivery_p50_ms": pct(deliveries, 50) * 1000 if deliveries else None,
        "chat_delivery_p99_ms": pct(deliveries, 99) * 1000 if deliveries else None,
        "reconnects": [(c.n, *r) for c in chats.chats for r in c.reconnects],
        "checks": checks, "elapsed": elapsed,
    }
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=1, default=str)
    for name, ok, d in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {args.phase}: {name}: {d}")
    if inside:
        print(f"     {args.phase}: in the kill window: " + ", ".join(
            f"{k} via {v} → {s or 'no answer'} ×{n}" for (k, v, s), n in Counter((r.kind, r.via, r.status) for r in inside).items()))
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
