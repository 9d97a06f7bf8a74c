#!/usr/bin/env python3
"""Write a scale-test corpus of N segments x 2 systems x 2 references into OUT (never the repo).

    benches/scale_corpus.py SHARED N OUT

Takes the news-length WMT test sets in SHARED/corpora (en-de, he-en, de-fr, ted sk-en, bio en-fr),
concatenates, per set, the first two references (a set with one reference repeats it: the loader
sees two files either way) and the first two systems, then repeats the concatenation until N
lines. Writes OUT/references/{A,B}.txt and OUT/systems/{S1,S2}.txt; prints the input bytes
(one reference + one system, the issue's measure) on stdout.
"""
import os
import sys

SETS = ["wmt22.en-de", "wmt23.he-en", "wmt22.de-fr", "ted.sk-en", "wmt21bio.en-fr"]


def lines(path):
    with open(path, "rb") as f:
        return f.read().splitlines()


def main():
    shared, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    cols = [[], [], [], []]  # ref A, ref B, sys 1, sys 2
    for name in SETS:
        d = os.path.join(shared, "corpora", name)
        refs = sorted(os.listdir(os.path.join(d, "references")))
        syss = sorted(os.listdir(os.path.join(d, "systems")))
        r = [lines(os.path.join(d, "references", f)) for f in refs[:2]]
        s = [lines(os.path.join(d, "systems", f)) for f in syss[:2]]
        r = r + r[:1] if len(r) == 1 else r
        for col, part in zip(cols, r + s):
            col.extend(part)
    base = len(cols[0])
    os.makedirs(os.path.join(out, "references"), exist_ok=True)
    os.makedirs(os.path.join(out, "systems"), exist_ok=True)
    names = ["references/A.txt", "references/B.txt", "systems/S1.txt", "systems/S2.txt"]
    sizes = []
    for col, name in zip(cols, names):
        block = b"\n".join(col) + b"\n"
        full, rest = divmod(n, base)
        path = os.path.join(out, name)
        with open(path + ".tmp", "wb") as f:
            for _ in range(full):
                f.write(block)
            if rest:
                f.write(b"\n".join(col[:rest]) + b"\n")
        os.replace(path + ".tmp", path)
        sizes.append(os.path.getsize(path))
    print(sizes[0] + sizes[2])


if __name__ == "__main__":
    main()
