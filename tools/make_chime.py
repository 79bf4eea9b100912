"""Synthesise the round timer's soft two-tone bell into kiosk/resources/sounds/chime.wav.

Run `python tools/make_chime.py` to regenerate it; the output is the same on every run. Two notes a
major third apart (E5, then C5, "ding-dong"), each a few bell-like partials that fade out, a soft
attack so it does not click, and a peak well below full scale so it stays gentle in a quiet hall.
Mono 16-bit at 22,050 Hz keeps the file under 100 KB.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
SECONDS = 2.2
PEAK = 0.45  # of full scale: audible across a table, not startling
OUT = Path(__file__).resolve().parents[1] / "kiosk" / "resources" / "sounds" / "chime.wav"

# (ratio to the fundamental, loudness, decay rate per second): a struck bell's inharmonic partials,
# the high ones fading fastest so the tone mellows as it rings.
PARTIALS = ((1.0, 1.0, 2.2), (2.0, 0.35, 3.5), (2.76, 0.18, 5.0), (5.4, 0.06, 9.0))
NOTES = ((659.25, 0.0), (523.25, 0.45))  # (frequency in Hz, start in seconds)
ATTACK = 0.008


def sample(t: float) -> float:
    value = 0.0
    for frequency, start in NOTES:
        local = t - start
        if local < 0:
            continue
        envelope = min(1.0, local / ATTACK)
        for ratio, loudness, decay in PARTIALS:
            value += (
                envelope
                * loudness
                * math.exp(-decay * local)
                * math.sin(2 * math.pi * frequency * ratio * local)
            )
    return value


def main() -> None:
    samples = [sample(i / RATE) for i in range(int(RATE * SECONDS))]
    fade = int(RATE * 0.3)  # end exactly at silence
    for i in range(fade):
        samples[-1 - i] *= i / fade
    scale = PEAK / max(abs(s) for s in samples)
    frames = b"".join(struct.pack("<h", round(s * scale * 32767)) for s in samples)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    print(f"{OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
