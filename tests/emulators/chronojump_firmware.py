#!/usr/bin/env python3
"""A Chronojump force sensor (firmware "Force_Sensor-0.6") emulated in Python with pyserial.

Written apart from Holdfast's parsers, from the firmware's documented behaviour: 115200 baud;
a command is the text before ':' (its argument, if any, runs to ';'); replies end in CRLF;
while capturing, every sample is "<microseconds since start_capture>;<force N, 2 decimals>"
and trigger edges are "<us>;R" / "<us>;r". After end_capture: the board sends
"Capture ended:" once the last sample is out.

For tests it also sends garbage lines between the samples (every --garbage-every-th line),
writes every valid sample line it sent to --log, and a JSON summary to --summary on exit.
"""

import argparse
import json
import math
import signal
import sys
import time

import serial  # Debian: python3-serial

GARBAGE = [
    b"@@@@\r\n",
    b"12a4;5.00\r\n",
    b"-15;3.00\r\n",
    b"1234;\r\n",
    b";12.00\r\n",
    b"1234;12.0.0\r\n",
    b"\x00\xff\xfe;\x01\r\n",
    b"99999;nan\r\n",
    b"1e3;4.00\r\n",
]


def force_at(t):
    """A maximal isometric effort every 6 s: rest at 20 N, rise with tau 0.1 s to 320 N."""
    phase = t % 6.0
    if phase < 2.0:
        return 20.0 + 0.3 * math.sin(2 * math.pi * 50 * t)
    if phase < 5.0:
        return 20.0 + 300.0 * (1 - math.exp(-(phase - 2.0) / 0.1))
    return 20.0 + 300.0 * math.exp(-(phase - 5.0) / 0.08)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", required=True)
    ap.add_argument("--rate", type=float, default=1000.0)
    ap.add_argument("--garbage-every", type=int, default=0)
    ap.add_argument("--trigger-every", type=int, default=0)
    ap.add_argument("--log", required=True)
    ap.add_argument("--summary", required=True)
    args = ap.parse_args()

    port = serial.Serial(args.port, 115200, timeout=0)
    log = open(args.log, "w")
    summary = {"samples": 0, "garbage_lines": 0, "triggers": 0, "commands": []}
    running = [True]

    def stop(*_):
        running[0] = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    pending = b""
    capturing = False
    t0 = 0.0
    k = 0
    lines = 0
    tare = 0.0
    while running[0]:
        data = port.read(256)
        if data:
            pending += data
        # Commands: text before ':'; those with an argument run on to ';'.
        while b":" in pending:
            word, _, rest = pending.partition(b":")
            word = word.strip().decode("ascii", "replace")
            if word in ("calibrate", "set_tare", "set_calibration_factor", "set_bps"):
                if b";" not in rest:
                    break
                _, _, rest = rest.partition(b";")
            pending = rest
            summary["commands"].append(word)
            if word == "start_capture":
                port.write(b"Starting capture...\r\n")
                capturing, t0, k = True, time.monotonic(), 0
            elif word == "end_capture":
                capturing = False
                port.write(b"Capture ended:\r\n")
            elif word == "get_version":
                port.write(b"Force_Sensor-0.6\r\n")
            elif word == "tare":
                tare = 0.0
                port.write(b"Taring OK:0\r\n")
            elif word == "get_transmission_format":
                port.write(b"text\r\n")
            elif word in ("set_tare", "set_calibration_factor", "set_bps", "calibrate",
                          "get_tare", "get_calibration_factor"):
                port.write(b"0\r\n" if word.startswith("get") else b"")
            else:
                port.write(b"Not a valid command\r\n")
        if capturing:
            due = int((time.monotonic() - t0) * args.rate)
            out = []
            while k < due:
                us = int(round(k * 1e6 / args.rate))
                line = b"%d;%.2f\r\n" % (us, force_at(us / 1e6) - tare)
                out.append(line)
                log.write(line.decode().rstrip("\r\n") + "\n")
                summary["samples"] += 1
                lines += 1
                if args.garbage_every and lines % args.garbage_every == 0:
                    out.append(GARBAGE[(lines // args.garbage_every) % len(GARBAGE)])
                    summary["garbage_lines"] += 1
                if args.trigger_every and lines % args.trigger_every == 0:
                    out.append(b"%d;%s\r\n" % (us, b"R" if (lines // args.trigger_every) % 2 else b"r"))
                    summary["triggers"] += 1
                k += 1
            if out:
                port.write(b"".join(out))
        time.sleep(0.001)
    port.flush()
    log.close()
    with open(args.summary, "w") as f:
        json.dump(summary, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
