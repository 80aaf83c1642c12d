#!/usr/bin/env python3
"""Python side of scripts/bench-hashing: the PyPI `pdqhash` and `faiss-cpu` baselines.

Subcommands (each reads what the Rust examples wrote to the output folder):
  pdq OUT          hash OUT/pdq-pixels.bin with pdqhash, compare with OUT/pdq-rust.csv, time it
  match OUT NAME   FAISS IndexBinaryFlat and IndexBinaryMultiHash range search on OUT/NAME.*,
                   compare every match set with the Rust results, time it
  faiss-call OUT   time one range_search call on an empty index (the Python call's cost)
  table OUT        print the markdown tables from OUT/results.tsv

Environment: BENCH_SECONDS (time per PDQ figure), BENCH_PER_QUERY (queries timed one per
call for the FAISS latencies).

Every figure is one thread: faiss.omp_set_num_threads(1). Results are appended to
OUT/results.tsv as tab-separated RESULT lines, like the Rust examples print them.
"""

import ctypes
import os
import statistics
import sys
import time

import numpy as np


def result(out, *fields):
    line = "\t".join(["RESULT", *[str(f) for f in fields]])
    print(line, flush=True)
    with open(os.path.join(out, "results.tsv"), "a") as f:
        f.write(line + "\n")


def median_pass(budget, fn):
    fn()  # warm-up
    times = []
    start = time.perf_counter()
    while len(times) < 5 or (time.perf_counter() - start < budget and len(times) < 100_000):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# ---------------------------------------------------------------------------------------
# PDQ


def load_pixels(path):
    data = np.fromfile(path, dtype=np.uint8)
    images, at = [], 0
    while at < len(data):
        w, h = (int(x) for x in data[at : at + 8].view("<u4"))
        at += 8
        images.append(data[at : at + w * h * 3].reshape(h, w, 3))
        at += w * h * 3
    return images


def words_hex(words):
    """Meta's Hash256::format(): the sixteen 16-bit words from 15 down to 0."""
    return "".join(f"{int(words[i]):04x}" for i in range(15, -1, -1))


def bits_hex(bits):
    """pdqhash returns bit 255 first: packing the bits gives the hex text's bytes."""
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()


class Core:
    """Meta's C++ as compiled into the pdqhash package, called directly through ctypes
    (the package exports the symbols): fillFloatLumaFromRGB then
    pdqHash256FromFloatLuma or pdqDihedralHash256esFromFloatLuma, as Meta's
    pdq-photo-hasher does, without the Python wrapper's numpy luma and bit unpacking."""

    def __init__(self):
        import pdqhash.bindings

        lib = ctypes.CDLL(pdqhash.bindings.__file__)
        p, i = ctypes.c_void_p, ctypes.c_int
        self.luma = lib["_ZN8facebook3pdq7hashing20fillFloatLumaFromRGBEPhS2_S2_iiiiPf"]
        self.luma.argtypes = [p, p, p, i, i, i, i, p]
        self.luma.restype = None
        self.hash = lib["_ZN8facebook3pdq7hashing23pdqHash256FromFloatLumaEPfS2_iiPA64_fS4_PA16_fRNS1_7Hash256ERi"]
        self.hash.argtypes = [p, p, i, i, p, p, p, p, p]
        self.hash.restype = None
        self.dihedral = lib[
            "_ZN8facebook3pdq7hashing33pdqDihedralHash256esFromFloatLumaEPfS2_iiPA64_fS4_PA16_fS6_"
            "PNS1_7Hash256ES8_S8_S8_S8_S8_S8_S8_Ri"
        ]
        self.dihedral.argtypes = [p, p, i, i, p, p, p, p] + [p] * 8 + [p]
        self.dihedral.restype = ctypes.c_bool
        self.window = lib["_ZN8facebook3pdq11downscaling29computeJaroszFilterWindowSizeEii"]
        self.window.argtypes = [i, i]
        self.window.restype = i
        self.b64 = np.zeros((64, 64), np.float32)
        self.b16x64 = np.zeros((16, 64), np.float32)
        self.b16 = np.zeros((16, 16), np.float32)
        self.b16aux = np.zeros((16, 16), np.float32)
        self.words = np.zeros((8, 16), np.uint16)
        self.quality = ctypes.c_int(0)
        self.addr = {
            name: getattr(self, name).ctypes.data for name in ["b64", "b16x64", "b16", "b16aux", "words"]
        }
        self.qaddr = ctypes.addressof(self.quality)

    def _luma(self, image):
        h, w, _ = image.shape
        base = image.ctypes.data
        buf1 = np.empty(h * w, np.float32)
        buf2 = np.empty(h * w, np.float32)
        self.luma(base, base + 1, base + 2, h, w, w * 3, 3, buf1.ctypes.data)
        return h, w, buf1, buf2

    def pdq(self, image):
        h, w, buf1, buf2 = self._luma(image)
        a = self.addr
        self.hash(buf1.ctypes.data, buf2.ctypes.data, h, w, a["b64"], a["b16x64"], a["b16"], a["words"], self.qaddr)
        return self.words[0], self.quality.value

    def pdq_dihedral(self, image):
        h, w, buf1, buf2 = self._luma(image)
        a = self.addr
        hashes = [a["words"] + 32 * k for k in range(8)]
        self.dihedral(
            buf1.ctypes.data, buf2.ctypes.data, h, w, a["b64"], a["b16x64"], a["b16"], a["b16aux"], *hashes, self.qaddr
        )
        return self.words, self.quality.value


def bench_pdq(out, seconds):
    import pdqhash

    images = load_pixels(os.path.join(out, "pdq-pixels.bin"))
    with open(os.path.join(out, "pdq-rust.csv")) as f:
        rows = [line.rstrip("\n").split(",") for line in f][1:]
    assert len(rows) == len(images), "pdq-pixels.bin and pdq-rust.csv disagree"
    core = Core()

    # Same pixels, same hashes: Meta's C++ (through ctypes) against this crate, every
    # hash, quality and dihedral; the Python wrapper (numpy luma in double) for information.
    core_same = wrapper_same = wrapper_quality = 0
    wrapper_max = 0
    for image, row in zip(images, rows):
        words, quality = core.pdq_dihedral(image)
        core_hashes = [words_hex(words[k]) for k in range(8)]
        plain, plain_quality = core.pdq(image)
        ok = core_hashes == row[4:12] and quality == int(row[3]) and words_hex(plain) == row[4]
        ok = ok and plain_quality == int(row[3])
        if not ok:
            print(f"MISMATCH {row[0]}: C++ {core_hashes[0]} q{quality}, Rust {row[4]} q{row[3]}", file=sys.stderr)
        core_same += ok
        bits, q = pdqhash.compute(image)
        h = bits_hex(bits)
        wrapper_same += h == row[4]
        wrapper_quality += q == int(row[3])
        wrapper_max = max(wrapper_max, bin(int(h, 16) ^ int(row[4], 16)).count("1"))
    print(
        f"pdq: Meta's C++ (pdqhash's build, via ctypes) and zeri-hashing agree on {core_same} of {len(rows)} images "
        f"(hash, quality, 7 dihedrals); pdqhash.compute() (numpy luma) gives the same hash for {wrapper_same}, "
        f"the same quality for {wrapper_quality}, at most {wrapper_max} bits apart",
        flush=True,
    )
    result(out, "pdq-check", len(rows), core_same, wrapper_same, wrapper_quality, wrapper_max)
    if core_same != len(rows):
        sys.exit("pdq: the C++ reference and zeri-hashing disagree")

    # Cost of one ctypes call, for reading the C++ figures (two calls per image).
    calls = 100_000
    t = time.perf_counter()
    for _ in range(calls):
        core.window(512, 64)
    result(out, "pdq-ctypes-call", f"{(time.perf_counter() - t) / calls * 1e6:.2f}")

    workloads = [("all", images), ("512x512", [i for i in images if i.shape[:2] == (512, 512)])]
    for workload, subset in workloads:
        if not subset:
            continue
        mpx = sum(i.shape[0] * i.shape[1] for i in subset) / 1e6
        per_image = lambda fn: f"{median_pass(seconds, lambda: [fn(i) for i in subset]) * 1e6 / len(subset):.2f}"
        result(out, "pdq", workload, len(subset), f"{mpx:.3f}", "cpp", per_image(core.pdq))
        result(out, "pdq", workload, len(subset), f"{mpx:.3f}", "cpp-dihedral", per_image(core.pdq_dihedral))
        result(out, "pdq", workload, len(subset), f"{mpx:.3f}", "pdqhash", per_image(pdqhash.compute))
        result(out, "pdq", workload, len(subset), f"{mpx:.3f}", "pdqhash-dihedral", per_image(pdqhash.compute_dihedral))


# ---------------------------------------------------------------------------------------
# Matching


def load_matches(path):
    """OUT/NAME.matches from bench_match: per query, positions and distances by position."""
    raw = np.fromfile(path, dtype=np.uint8)
    q, total = (int(x) for x in raw[:16].view("<u8"))
    at = 16
    lims = raw[at : at + 8 * (q + 1)].view("<u8").astype(np.int64)
    at += 8 * (q + 1)
    positions = raw[at : at + 4 * total].view("<u4").astype(np.int64)
    at += 4 * total
    distances = raw[at : at + 4 * total].view("<u4").astype(np.int64)
    return lims, positions, distances


def same_matches(expected, lims, D, I, count):
    """Whether FAISS's range search gives exactly the Rust matches for the first `count`
    queries (positions and distances); returns the number of queries that differ."""
    e_lims, e_pos, e_dist = expected
    differ = 0
    for k in range(count):
        order = np.argsort(I[lims[k] : lims[k + 1]], kind="stable")
        got_i = I[lims[k] : lims[k + 1]][order]
        got_d = D[lims[k] : lims[k + 1]][order]
        want_i = e_pos[e_lims[k] : e_lims[k + 1]]
        want_d = e_dist[e_lims[k] : e_lims[k + 1]]
        if not (np.array_equal(got_i, want_i) and np.array_equal(got_d, want_d)):
            differ += 1
    return differ


def bench_match(out, name, threshold=31):
    import faiss

    faiss.omp_set_num_threads(1)
    per_query = int(os.environ.get("BENCH_PER_QUERY", "100"))
    db = np.fromfile(os.path.join(out, f"{name}.db"), dtype=np.uint8).reshape(-1, 32)
    q = np.fromfile(os.path.join(out, f"{name}.q"), dtype=np.uint8).reshape(-1, 32)
    expected = load_matches(os.path.join(out, f"{name}.matches"))
    n, nq = len(db), len(q)
    # FAISS's binary range search keeps distances strictly below the radius.
    radius = threshold + 1

    def run(label, index, build, per_query_count):
        # The whole batch in one call (FAISS's fastest way, one thread), then the check.
        t = time.perf_counter()
        lims, D, I = index.range_search(q, radius)
        batch = time.perf_counter() - t
        differ = same_matches(expected, lims, D, I, nq)
        # One query per call, for latencies (includes the Python call, a few µs).
        lat = []
        for k in range(min(per_query_count, nq)):
            t = time.perf_counter()
            index.range_search(q[k : k + 1], radius)
            lat.append(time.perf_counter() - t)
        per_call = sum(lat) / len(lat)
        lat.sort()
        p = lambda f: lat[round((len(lat) - 1) * f)] * 1e6
        matches = int(lims[-1])
        with_match = int(np.count_nonzero(np.diff(lims)))
        # Mean: the faster of the batch call and one query per call.
        mean = min(batch / nq, per_call)
        result(out, "match", name, n, nq, label, f"{build:.3f}", f"{mean * 1e6:.2f}", f"{p(0.5):.2f}",
               f"{p(0.99):.2f}", matches, with_match, differ, len(lat), f"{batch / nq * 1e6:.2f}",
               f"{per_call * 1e6:.2f}")
        if differ:
            print(f"{name} {label}: {differ} of {nq} queries differ from the Rust matches", file=sys.stderr)
        return differ

    t = time.perf_counter()
    flat = faiss.IndexBinaryFlat(256)
    flat.add(db)
    bad = run("faiss-flat", flat, time.perf_counter() - t, per_query)
    del flat

    # nhash = 16 tables of b = 16 bits and nflip = 1 bit flipped per table: by the
    # pigeonhole principle every hash within 31 bits is a candidate (16 × 2 > 31).
    t = time.perf_counter()
    multi = faiss.IndexBinaryMultiHash(256, 16, 16)
    multi.nflip = 1
    multi.add(db)
    bad += run("faiss-multihash", multi, time.perf_counter() - t, per_query)
    if bad:
        sys.exit(f"{name}: FAISS and zeri-hashing disagree")


# ---------------------------------------------------------------------------------------
# Tables


def call_overhead(out):
    """Cost of one range_search call from Python on an empty index: the part of the
    one-query-per-call FAISS latencies that is not search."""
    import faiss

    faiss.omp_set_num_threads(1)
    empty = faiss.IndexBinaryFlat(256)
    q = np.zeros((1, 32), np.uint8)
    lat = []
    for _ in range(2000):
        t = time.perf_counter()
        empty.range_search(q, 32)
        lat.append(time.perf_counter() - t)
    result(out, "faiss-call", f"{statistics.median(lat) * 1e6:.2f}")


def fmt_us(us):
    us = float(us)
    return f"{us / 1000:,.2f} ms" if us >= 1000 else f"{us:,.1f} µs"


def table(out):
    rows = [line.rstrip("\n").split("\t")[1:] for line in open(os.path.join(out, "results.tsv"))]
    get = lambda kind: [r[1:] for r in rows if r[0] == kind]

    pdq = {(r[0], r[3]): r for r in get("pdq")}
    print("PDQ, one thread, mean time per image (median of repeated passes over the same pixels):\n")
    print("| images | hash | zeri-hashing (Rust) | Meta's C++ in pdqhash (ctypes) | pdqhash.compute() (Python API) | Rust vs C++ |")
    print("|---|---|---|---|---|---|")
    for workload in dict.fromkeys(r[0] for r in get("pdq")):
        images, mpx = pdq[(workload, "rust")][1:3]
        label = f"{images} reference images, {float(mpx):.1f} Mpx" if workload == "all" else f"{images} images {workload}"
        for kind, suffix in [("hash + quality", ""), ("+ 7 dihedral hashes", "-dihedral")]:
            rust, cpp, py = (float(pdq[(workload, impl + suffix)][4]) for impl in ("rust", "cpp", "pdqhash"))
            print(f"| {label} | {kind} | **{fmt_us(rust)}** | {fmt_us(cpp)} | {fmt_us(py)} | {cpp / rust:.1f}× faster |")
    for r in get("pdq-check"):
        n, core, wrapper, wrapper_q, wrapper_max = r
        print(f"\nSame hashes: zeri-hashing equals Meta's C++ on {core} of {n} images (hash, quality, 7 dihedrals); "
              f"pdqhash.compute() (luma in numpy double) gives the same hash for {wrapper} and the same quality for "
              f"{wrapper_q}, at most {wrapper_max} bits apart.")
    for r in get("pdq-ctypes-call"):
        print(f"One ctypes call costs {r[0]} µs (two per image in the C++ column).")

    match = get("match")
    print("\nMatching at distance ≤ 31, one thread. Mean per query: Rust one query at a time over all queries "
          "(median of repeated passes); FAISS the faster of one range_search call for all queries and one call "
          "per query. p50/p99: one query per call (FAISS: first queries, from Python, call included).\n")
    print("| data | method | build | mean per query | p50 | p99 | matches (queries with one) | same as brute force |")
    print("|---|---|---|---|---|---|---|---|")
    names = list(dict.fromkeys(r[0] for r in match))
    labels = {
        "rust-mih": "**zeri-hashing `Index::query`**",
        "rust-mih-inserted": "zeri-hashing `Index::query`, index built by `insert` one at a time",
        "rust-linear": "zeri-hashing `linear_query` (brute force)",
        "faiss-flat": "FAISS `IndexBinaryFlat`",
        "faiss-multihash": "FAISS `IndexBinaryMultiHash` (16×16, nflip 1)",
    }
    summary = []
    for name in names:
        kind, n = name.rsplit("-", 1)
        # name, hashes, queries, impl, build s, mean µs, p50 µs, p99 µs, matches, with a match[, differ, timed]
        by = {r[3]: r for r in match if r[0] == name}
        for impl in ["rust-mih", "rust-mih-inserted", "rust-linear", "faiss-flat", "faiss-multihash"]:
            if impl not in by:
                continue
            _, _, nq, _, build, mean, p50, p99, matches, with_match, *check = by[impl]
            build = "—" if impl == "rust-linear" else f"{float(build):.2f} s"
            if impl == "rust-linear":
                same = "(reference)"
            elif impl.startswith("rust-mih"):
                same = f"yes ({by['rust-linear'][2]} queries)" if "rust-linear" in by else "—"
            else:
                same = "yes" if check[0] == "0" else f"**no: {check[0]} queries differ**"
            mean = f"**{fmt_us(mean)}**" if impl == "rust-mih" else fmt_us(mean)
            print(f"| {kind}, {int(n):,} hashes, {int(nq):,} queries | {labels[impl]} | {build} | {mean} | "
                  f"{fmt_us(p50)} | {fmt_us(p99)} | {int(matches):,} ({int(with_match):,}) | {same} |")
        faiss = [k for k in ("faiss-flat", "faiss-multihash") if k in by]
        if faiss:
            mean = min(float(by[k][5]) for k in faiss) / float(by["rust-mih"][5])
            p50 = min(float(by[k][6]) for k in faiss) / float(by["rust-mih"][6])
            summary.append((name, mean, p50))
    print()
    for name, mean, p50 in summary:
        print(f"- {name}: zeri-hashing {mean:.1f}× faster than the faster FAISS index in mean time per query "
              f"(throughput), {p50:.1f}× at the median latency")
    for r in get("faiss-call"):
        print(f"- one FAISS range_search call from Python on an empty index: {r[0]} µs (in the FAISS p50/p99)")


def main():
    cmd, out = sys.argv[1], sys.argv[2]
    if cmd == "pdq":
        bench_pdq(out, float(os.environ.get("BENCH_SECONDS", "2")))
    elif cmd == "match":
        bench_match(out, sys.argv[3])
    elif cmd == "table":
        table(out)
    elif cmd == "faiss-call":
        call_overhead(out)
    else:
        sys.exit(f"unknown subcommand {cmd}")


if __name__ == "__main__":
    main()
