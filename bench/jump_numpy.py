#!/usr/bin/env python3
"""The numpy peer of bench/JumpBench.cpp: the same jump metrics of the same 1,000
countermovement jumps on two plates at 1 kHz (dumped by `jump_bench --dump FILE`), written the
way a researcher vectorises them with numpy (cumulative sums for the quietest window and the
trapezoid integrals, boolean masks and argmin/argmax for the events): weighing, onset (BW +- 5 SD
moved back 30 ms), flights above the plate's unloaded level + 20 N, kinematics, McMahon phases,
impulses, forces, peak power, depth, the landing to the lowest position, and each plate's
phase impulses with the LSI of the weaker right leg. Prints JSON: best-of-N wall time in ms and
the means of the metrics, to compare with Holdfast's.

    /usr/bin/python3 bench/jump_numpy.py FILE [--repeats N]
"""
import json
import sys
import time

import numpy as np

RATE = 1000.0
DT = 1.0 / RATE
G = 9.80665
TRIALS, SAMPLES = 1000, 5000


def trapz(x):
    return float(np.sum(x[1:] + x[:-1]) * 0.5 * DT)


def cumtrapz0(x, v0=0.0):
    out = np.empty_like(x)
    out[0] = v0
    np.cumsum((x[1:] + x[:-1]) * 0.5 * DT, out=out[1:])
    out[1:] += v0
    return out


def runs_below(f, level):
    below = np.concatenate(([0], (f < level).astype(np.int8), [0]))
    d = np.diff(below)
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def flights(f):
    n = len(f)
    v = np.partition(f, int(0.9 * (n - 1)))
    loaded = v[int(0.9 * (n - 1))]
    starts, ends = runs_below(f, 0.1 * loaded)
    keep = (starts == 0) | (ends == n) | ((ends - starts) * DT >= 0.05)
    starts, ends = starts[keep], ends[keep]
    unloaded = [f[a + (b - a) // 4:b - (b - a) // 4] for a, b in zip(starts, ends) if (b - a) * DT >= 0.1]
    offset = 0.0
    if unloaded:
        u = np.concatenate(unloaded)
        offset = np.partition(u, int(0.5 * (len(u) - 1)))[int(0.5 * (len(u) - 1))]
    thr = offset + 20.0
    out = []
    for a, b in zip(starts, ends):
        idx = np.flatnonzero(f[a:b] < thr)
        if len(idx) == 0:
            continue
        out.append((a + idx[0], a + idx[-1] + 1))
    return out


def quietest(f, begin, end, n=1000):
    x = f[begin:end] - f[begin]
    s1 = np.concatenate(([0.0], np.cumsum(x)))
    s2 = np.concatenate(([0.0], np.cumsum(x * x)))
    a = s1[n:] - s1[:-n]
    b = s2[n:] - s2[:-n]
    var = (b - a * a / n) / (n - 1)
    k = int(np.argmin(var))
    w = f[begin + k:begin + k + n]
    return begin + k, begin + k + n - 1, float(w.mean()), float(w.std(ddof=1))


def phase(x, a, b, offset):
    """Net impulse of x - offset, mean of x by time, and peak, over samples [a, b]."""
    seg = x[a:b + 1]
    gross = trapz(seg)
    dur = (b - a) * DT
    return gross - offset * dur, (gross / dur if b > a else x[a]), float(seg.max())


def asymmetry(left, right):
    """Asymmetry index, LSI of the involved right, symmetry angle (docs/analysis.md)."""
    ai = (right - left) / max(left, right) * 100.0
    lsi = right / left * 100.0
    sa = (45.0 - np.degrees(np.arctan(left / right))) / 90.0 * 100.0
    return ai, lsi, sa


def jump(l, r, f, begin, takeoff, landing, next_takeoff):
    flags = []
    w0, w1, bw, sd = quietest(f, begin, takeoff)
    if sd > 10.0:
        flags.append("weighing_not_still")
    m = bw / G
    band = 5.0 * sd
    seg = f[w1 + 1:takeoff]
    i = w1 + 1 + int(np.argmax(np.abs(seg - bw) > band))
    o = max(begin, i - int(round(0.030 * RATE)))
    acc = (f[o:takeoff + 1] - bw) / m
    v = cumtrapz0(acc)
    s = cumtrapz0(v)
    v_to = v[-1]
    k_min = int(np.argmin(v))
    k_v0 = k_min + int(np.argmax(v[k_min:] >= 0.0))
    b0, b1 = o + k_min, o + k_v0
    ttt = (takeoff - o) * DT
    height = v_to * v_to / (2 * G)
    ft = (landing - takeoff) * DT
    res = {"height": height, "height_ft": G * ft * ft / 8.0, "depth": s[k_v0], "ttt": ttt,
           "rsi_mod": height / ttt, "unweighting": k_min * DT, "braking": (k_v0 - k_min) * DT,
           "propulsion": (takeoff - b1) * DT, "rfd": (f[b1] - f[b0]) / ((b1 - b0) * DT)}
    res["braking_impulse"], res["mean_braking"], res["peak_braking"] = phase(f, b0, b1, bw)
    res["propulsive_impulse"], res["mean_propulsive"], res["peak_propulsive"] = phase(f, b1, takeoff, bw)
    power = f[o:takeoff + 1] * v
    res["peak_power"] = max(0.0, float(power.max()))
    res["peak_power_per_kg"] = res["peak_power"] / m
    # Landing: from touch-down at v_to - g t_flight to velocity 0 (the lowest position), or,
    # when drift keeps it below 0, the highest velocity within 5 cm/s once it has not risen for
    # 0.1 s.
    last = min(landing + 2000, (next_takeoff - 1) if next_takeoff else len(f) - 1, len(f) - 1)
    a_l = (f[landing:last + 1] - bw) / m
    v_l = cumtrapz0(a_l, v_to - G * ft)
    up = np.flatnonzero(v_l >= 0.0)
    if len(up):
        k_end = int(up[0])
    else:
        rising = np.flatnonzero(np.diff(v_l) > 1e-9) + 1  # new highs (approximately)
        best = np.maximum.accumulate(v_l)
        new_high = np.flatnonzero(np.concatenate(([True], best[1:] > best[:-1] + 1e-9)))
        gaps = np.diff(np.concatenate((new_high, [len(v_l)])))
        stop = np.flatnonzero((gaps > 100) & (best[new_high] >= -0.05))
        k_end = int(new_high[stop[0]]) if len(stop) else int(new_high[-1])
        del rising
    end = landing + k_end
    res["landing_phase"] = k_end * DT
    res["landing_impulse"], _, res["peak_landing"] = phase(f, landing, end, bw)
    # Each plate net of its share of body weight over the weighing window, every phase, and
    # the asymmetry of each phase metric.
    plates = []
    for x in (l, r):
        share = float(x[w0:w1 + 1].mean())
        bi, bm, bp = phase(x, b0, b1, share)
        pi, pm, pp = phase(x, b1, takeoff, share)
        li, _, lp = phase(x, landing, end, share)
        plates.append({"braking_impulse": bi, "mean_braking": bm, "peak_braking": bp,
                       "propulsive_impulse": pi, "mean_propulsive": pm, "peak_propulsive": pp,
                       "landing_impulse": li, "peak_landing": lp})
    for key in ("braking_impulse", "propulsive_impulse", "mean_braking", "mean_propulsive",
                "peak_landing", "landing_impulse"):
        ai, lsi, sa = asymmetry(plates[0][key], plates[1][key])
        res[key + "_lsi"] = lsi
        res[key + "_ai"] = ai
        res[key + "_sa"] = sa
    res["braking_lsi"] = res["braking_impulse_lsi"]
    res["flags"] = flags
    return res


def analyse(data):
    results = []
    t = np.arange(SAMPLES) / RATE
    for k in range(TRIALS):
        l, r = data[k, 0], data[k, 1]
        f = l + r
        # The checks every analysis makes: finite samples, time increasing, the sample rate.
        if not (np.isfinite(f).all() and np.isfinite(t).all() and (np.diff(t) > 0).all()):
            raise ValueError(f"trial {k}: not a valid force series")
        rate = 1.0 / np.median(np.diff(t)[::19])
        assert abs(rate - RATE) < 1e-6
        fl = flights(f)
        begin = 0
        for j, (a, b) in enumerate(fl):
            if a == 0:
                begin = b
                continue
            nxt = fl[j + 1][0] if j + 1 < len(fl) else 0
            results.append(jump(l, r, f, begin, a, b, nxt))
            begin = b
    return results


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--repeats" else 3
    data = np.fromfile(path, dtype=np.float64).reshape(TRIALS, 2, SAMPLES)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        results = analyse(data)
        best = min(best, (time.perf_counter() - start) * 1000.0)
    mean = lambda key: float(np.mean([x[key] for x in results]))
    print(json.dumps({"numpy_ms": best, "jumps": len(results), "mean_height_m": mean("height"),
                      "mean_depth_m": mean("depth"), "mean_landing_impulse_n_s": mean("landing_impulse"),
                      "mean_braking_lsi_percent": mean("braking_lsi"), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
