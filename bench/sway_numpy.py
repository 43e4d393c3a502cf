#!/usr/bin/env python3
"""The numpy/scipy peer of bench/SwayBench.cpp: the same sway metrics of the same hour of two
4-cell plates at 1 kHz (dumped by `sway_bench --dump FILE`), written the way a researcher would
with numpy and scipy (Duarte's BMC notebooks: np.cov + eigenvalues with scipy.stats.f.ppf for the
ellipse, scipy.signal.welch for the mean frequency, butter + filtfilt for the filter). Prints
JSON: best-of-N wall times in ms and the metrics, to compare with Holdfast's.

    /usr/bin/python3 bench/sway_numpy.py FILE [--repeats N]
    /usr/bin/python3 bench/sway_numpy.py --cohort FILE [--repeats N]   (1,000 stances of 30 s,
                                         dumped by `sway_bench --dump-cohort FILE`, one by one)
"""
import json
import sys
import time

import numpy as np
from scipy import signal, stats

RATE = 1000.0
WIDTH, LENGTH, PITCH = 400.0, 600.0, 400.0


def sway(cells, filtered):
    a, b = WIDTH / 2, LENGTH / 2
    xs = np.array([-a, a, -a, a])
    ys = np.array([b, b, -b, -b])
    forces, cx, cy = [], [], []
    for p in range(2):
        c = cells[:, 4 * p:4 * p + 4]
        f = c.sum(axis=1)
        forces.append(f)
        cx.append(c @ xs / f)
        cy.append(c @ ys / f)
    fl, fr = forces
    w = fl + fr
    x = (fl * (cx[0] - PITCH / 2) + fr * (cx[1] + PITCH / 2)) / w
    y = (fl * cy[0] + fr * cy[1]) / w
    if filtered:
        bb, aa = signal.butter(4, 10.0, fs=RATE)
        x = signal.filtfilt(bb, aa, x)
        y = signal.filtfilt(bb, aa, y)
    n = len(x)
    dx, dy = np.diff(x), np.diff(y)
    path = np.sum(np.sqrt(dx * dx + dy * dy))
    velocity = path / (n / RATE)
    velocity_ml = np.sum(np.abs(dx)) / (n / RATE)
    velocity_ap = np.sum(np.abs(dy)) / (n / RATE)
    rms_ml, rms_ap = np.std(x), np.std(y)
    range_ml, range_ap = np.ptp(x), np.ptp(y)
    cov = np.cov(np.c_[x, y], rowvar=False)
    eig = np.linalg.eigvalsh(cov)
    c = stats.f.ppf(0.95, 2, n - 2) * 2 * (n - 1) * (n + 1) / (n * (n - 2))
    area = np.pi * c * np.sqrt(eig[0] * eig[1])
    nper = int(np.ceil(n / 2))
    means, powers = [], []
    for z in (x, y):
        f, pz = signal.welch(z, RATE, "hann", nper, None, None, "constant")
        power = np.trapz(pz, f)
        means.append(np.trapz(f * pz, f) / power)
        powers.append(power)
    mfreq = (means[0] * powers[0] + means[1] * powers[1]) / (powers[0] + powers[1])
    load_left = 100.0 * fl.sum() / w.sum()
    return dict(area_mm2=area, velocity_mm_s=velocity, velocity_ml=velocity_ml,
                velocity_ap=velocity_ap, rms_ml=rms_ml, rms_ap=rms_ap, range_ml=range_ml,
                range_ap=range_ap, mfreq_hz=mfreq, load_left_percent=load_left)


def best_ms(fn, repeats):
    best = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        ms = (time.perf_counter() - t0) * 1000.0
        best = ms if best is None else min(best, ms)
    return best, out


COHORT, STANCE_SAMPLES = 1000, 30000


def cohort(stances):
    sums = dict(area_mm2=0.0, velocity_mm_s=0.0, mfreq_hz=0.0, load_left_percent=0.0)
    for cells in stances:
        r = sway(cells, False)
        for k in sums:
            sums[k] += r[k]
    return sums


def main():
    args = sys.argv[1:]
    repeats = 3
    if "--repeats" in args:
        i = args.index("--repeats")
        repeats = int(args[i + 1])
        del args[i:i + 2]
    if args[0] == "--cohort":
        cells = np.fromfile(args[1], dtype=np.float64).reshape(COHORT, STANCE_SAMPLES, 8)
        ms, sums = best_ms(lambda: cohort(cells), repeats)
        print(json.dumps({"numpy_cohort_ms": ms, "stances": COHORT, "sums": sums,
                          "numpy": np.__version__, "scipy": __import__("scipy").__version__}))
        return
    cells = np.fromfile(args[0], dtype=np.float64).reshape(-1, 8)
    raw_ms, raw = best_ms(lambda: sway(cells, False), repeats)
    filtered_ms, filtered = best_ms(lambda: sway(cells, True), repeats)
    print(json.dumps({"numpy_sway_ms": raw_ms, "numpy_sway_filtered_ms": filtered_ms,
                      "raw": raw, "filtered": filtered,
                      "numpy": np.__version__, "scipy": __import__("scipy").__version__}))


if __name__ == "__main__":
    main()
