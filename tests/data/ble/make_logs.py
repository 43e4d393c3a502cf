#!/usr/bin/env python3
"""Writes the Bluetooth notification logs the tests import (run from this folder; the logs are
committed, this says how they were made).

progressor_pull.log: a Tindeq Progressor isometric pull as its data characteristic notifies it
(tindeq.com/progressor_api): tag 1 records of float32 kg + uint32 us, 80 Hz, 1-8 samples per
notification; f(t) = 2 + 43 exp(-((t - 5) / 1.2)^2) kg for 10 s, so the peak is 45 kg
(441.29925 N) at t = 5 s exactly. The device clock starts 5 s before its 32-bit wrap, so the
import must unwrap it. The log also holds the commands written (firmware 0x6B, battery 0x6F,
start 0x65, stop 0x66) and their tag 0 replies: firmware "1.2.3", battery 3950 mV.

uart_csv.log: the generic csv protocol ("t,force" lines with a header) over the Nordic UART
Service, cut into 20-byte notifications (the default ATT payload), lines split across them.
Its samples: 1 s quiet near 20 N, then a pull to 300 N at t = 2 s. The same text is uart_csv.txt, which the serial parser reads in the tests.
"""
import math
import struct

PROGRESSOR_DATA = "7e4e1702-1ea6-40c9-9dcc-13d34ffead57"
PROGRESSOR_CTRL = "7e4e1703-1ea6-40c9-9dcc-13d34ffead57"
NUS_TX = "6e400003-b5a3-f393-e0a9-e50e24dcca9e"


def line(t, uuid, data):
    return f"{t:.6f} {uuid} " + " ".join(f"{b:02x}" for b in data)


def progressor():
    out = ["# Tindeq Progressor isometric pull, made by make_logs.py (see there)",
           "# SECONDS UUID HEXBYTES"]
    t = 100.0
    out.append(line(t, PROGRESSOR_CTRL, bytes([0x6B, 0])))
    out.append(line(t + 0.03, PROGRESSOR_DATA, bytes([0, 6]) + b"1.2.3\0"))
    out.append(line(t + 0.05, PROGRESSOR_CTRL, bytes([0x6F, 0])))
    out.append(line(t + 0.08, PROGRESSOR_DATA, bytes([0, 4]) + struct.pack("<I", 3950)))
    out.append(line(t + 0.10, PROGRESSOR_CTRL, bytes([0x65, 0])))
    start_us = 2**32 - 5_000_000
    n = 801  # 0 to 10 s at 80 Hz
    i = 0
    sizes = [1, 3, 8, 5, 2, 7, 4, 6]
    k = 0
    while i < n:
        m = min(sizes[k % len(sizes)], n - i)
        k += 1
        rec = b""
        for j in range(i, i + m):
            ts = j / 80.0
            kg = 2 + 43 * math.exp(-((ts - 5) / 1.2) ** 2)
            rec += struct.pack("<fI", kg, (start_us + j * 12500) % 2**32)
        i += m
        arrival = t + 0.2 + (i - 1) / 80.0 + 0.004
        out.append(line(arrival, PROGRESSOR_DATA, bytes([1, len(rec)]) + rec))
    out.append(line(t + 10.5, PROGRESSOR_CTRL, bytes([0x66, 0])))
    open("progressor_pull.log", "w").write("\n".join(out) + "\n")


def uart_csv():
    rows = ["time_s,force"]
    for j in range(4000):  # 4 s at 1 kHz, 2 decimals: 1 s quiet at 20 N, a pull to 300 N at 2 s
        ts = j / 1000.0
        quiet = 20 + 0.5 * math.sin(2 * math.pi * 7 * ts) * math.sin(2 * math.pi * 0.9 * ts)
        pull = 280 * math.sin(math.pi * (ts - 1) / 2) ** 2 if 1 <= ts <= 3 else 0
        rows.append(f"{ts:.3f},{quiet + pull:.2f}")
    text = ("\n".join(rows) + "\n").encode()
    open("uart_csv.txt", "wb").write(text)
    out = ["# generic csv protocol over the Nordic UART Service, 20-byte notifications",
           "# made by make_logs.py"]
    for c in range(0, len(text), 20):
        out.append(line(5.0 + c / 20 * 0.0025, NUS_TX, text[c:c + 20]))
    open("uart_csv.log", "w").write("\n".join(out) + "\n")


progressor()
uart_csv()
