#!/usr/bin/env python3
"""The numpy/scipy peer of bench/AnalysisBench.cpp: the same maximal-effort metric set on the
same hour of two channels at 1 kHz (dumped by `analysis_bench --dump FILE`), written the way a
researcher would with numpy (vectorised where numpy allows, a Python loop over efforts), and the
scipy zero-phase filter. Prints JSON: best-of-N wall times in ms and the effort counts.

    /usr/bin/python3 bench/analysis_numpy.py FILE [--repeats N]
"""
import json
import sys
import time

import numpy as np
from scipy import signal

FORCE_AT = (0.05, 0.10, 0.15, 0.20, 0.25)
RFD_WINDOWS = (0.05, 0.10, 0.20, 0.25)


def analyse(t, f, mass=80.0):
    stride = max(1, len(t) // 4096)
    dt = np.median(t[1::stride] - t[:-1:stride])
    lo, hi = f.min(), f.max()
    anchor = int(np.argmax(f >= lo + 0.5 * (hi - lo)))
    low = f[: anchor + 1].min()
    level = low + 0.1 * (hi - low)
    below = np.nonzero(f[:anchor] <= level)[0]
    foot = int(below[-1]) if below.size else 0
    # Quietest 1 s window before the foot (cumulative sums).
    w = int(round(1.0 / dt))
    seg = f[: foot + 1] - f[0]
    c1 = np.concatenate(([0.0], np.cumsum(seg)))
    c2 = np.concatenate(([0.0], np.cumsum(seg * seg)))
    s1 = c1[w:] - c1[:-w]
    s2 = c2[w:] - c2[:-w]
    var = (s2 - s1 * s1 / w) / (w - 1)
    first = int(np.argmin(var))
    base = f[first : first + w]
    b_mean, b_sd = base.mean(), base.std(ddof=1)
    thr = b_mean + 5 * b_sd
    # Efforts: runs above the threshold, merged across gaps shorter than 1 s.
    above = f > thr
    above[: first + w] = False
    edges = np.diff(above.astype(np.int8))
    starts = list(np.nonzero(edges == 1)[0] + 1)
    ends = list(np.nonzero(edges == -1)[0])
    if above[-1]:
        ends.append(len(f) - 1)
    spans = []
    for s, e in zip(starts, ends):
        if spans and t[s] - t[spans[-1][1]] < 1.0:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    spans = [sp for sp in spans if t[sp[1]] - t[sp[0]] >= 0.2]
    results = []
    step = int(round(0.02 / dt))
    for s, e in spans:
        seg_t, seg_f = t[s : e + 1], f[s : e + 1]
        p = int(np.argmax(seg_f))
        t0, f0 = t[s], f[s]
        r = {"peak": seg_f[p], "net": seg_f[p] - b_mean, "rel": seg_f[p] / mass, "ttp": seg_t[p] - t0}
        lt, lf = t[s : s + 300], f[s : s + 300]  # the first 300 ms cover every window
        r["force_at"] = np.interp([t0 + x for x in FORCE_AT], lt, lf)
        ends_w = np.interp([t0 + x for x in RFD_WINDOWS], lt, lf)
        r["rfd"] = (ends_w - f0) / np.array(RFD_WINDOWS)
        r["impulse"] = []
        for x in RFD_WINDOWS:
            n = int(round(x / dt)) + 1
            r["impulse"].append(np.trapz(f[s : s + n] - b_mean, t[s : s + n]))
        rise = seg_f[: p + 1]
        if len(rise) > step:
            r["peak_rfd"] = ((seg_f[step : p + 1 + step] - rise[: len(seg_f[step : p + 1 + step])]) / 0.02).max()
        area = np.trapz(seg_f, seg_t)
        r["impulse_effort"] = area - b_mean * (seg_t[-1] - t0)
        r["mean"] = area / (seg_t[-1] - t0)
        if len(seg_f) >= w:
            cs = np.concatenate(([0.0], np.cumsum(seg_f)))
            r["best_window"] = (cs[w:] - cs[:-w]).max() / w
        results.append(r)
    return results


def best_of(fn, repeats):
    best = float("inf")
    out = None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000.0, out


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 5
    data = np.fromfile(path, dtype=np.float64).reshape(-1, 3)
    t = np.ascontiguousarray(data[:, 0])
    left = np.ascontiguousarray(data[:, 1])
    right = np.ascontiguousarray(data[:, 2])
    b, a = signal.butter(4, 100.0, fs=1000.0)

    plain_ms, plain = best_of(lambda: (analyse(t, left), analyse(t, right)), repeats)
    filt_ms, filt = best_of(
        lambda: (analyse(t, np.ascontiguousarray(signal.filtfilt(b, a, left))),
                 analyse(t, np.ascontiguousarray(signal.filtfilt(b, a, right)))), repeats)
    filter_only_ms, _ = best_of(lambda: (signal.filtfilt(b, a, left), signal.filtfilt(b, a, right)), repeats)
    print(json.dumps({
        "numpy_maximal_effort_ms": plain_ms,
        "numpy_maximal_effort_filtered_ms": filt_ms,
        "scipy_filtfilt_only_ms": filter_only_ms,
        "efforts": len(plain[0]) + len(plain[1]),
        "efforts_filtered": len(filt[0]) + len(filt[1]),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
