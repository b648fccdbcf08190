#!/usr/bin/env python3
"""Builds models/nl-lexicon.txt, the Dutch word list the decompounder splits compounds with.

Source: PyPI pyspellchecker==0.9.1 (MIT), resources/nl.json.gz — Dutch word frequencies counted
from OpenSubtitles. Kept: lowercase, accent-folded (same folding as the index analyzer),
alphabetic words of 3+ letters with frequency >= 100 (rarer words are mostly noise).
Format: `word<TAB>frequency`, sorted by word. Rebuilding changes how compounds are split, so
re-index after changing it.

Usage: python3 scripts/build-lexicon.py  (downloads the wheel with pip into a temp dir)
"""
import gzip, io, json, re, subprocess, sys, tempfile, unicodedata, zipfile, pathlib

VERSION = "0.9.1"
MIN_FREQ = 100

def fold(w: str) -> str:
    return unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()

def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        f"pyspellchecker=={VERSION}", "-d", tmp], check=True)
        whl = next(pathlib.Path(tmp).glob("pyspellchecker-*.whl"))
        with zipfile.ZipFile(whl) as z:
            data = json.load(gzip.open(io.BytesIO(z.read("spellchecker/resources/nl.json.gz"))))
    words: dict[str, int] = {}
    for w, f in data.items():
        w2 = fold(w.lower())
        if f >= MIN_FREQ and len(w2) >= 3 and re.fullmatch("[a-z]+", w2):
            words[w2] = words.get(w2, 0) + f
    out = pathlib.Path(__file__).resolve().parent.parent / "models" / "nl-lexicon.txt"
    with open(out, "w", encoding="utf-8") as fh:
        for w in sorted(words):
            fh.write(f"{w}\t{words[w]}\n")
    print(f"wrote {len(words)} words to {out}")

if __name__ == "__main__":
    main()
