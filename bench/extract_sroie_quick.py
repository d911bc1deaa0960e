"""Quick SROIE iteration helper: Document built straight from the OCR boxes (no PDF)."""
import json, os, sys, time
from sheaf.parse.document import BBox, Document, Item, Page, Word
from sheaf.extract import extract

D = "/work/shared/data/sroie"

def load(i):
    words, items = [], []
    maxx = maxy = 0
    for row in open(f"{D}/box/{i}.csv", encoding="utf-8", errors="replace"):
        parts = row.rstrip("\n").split(",", 8)
        if len(parts) < 9 or not parts[8].strip():
            continue
        xs = [int(parts[k]) for k in (0, 2, 4, 6)]; ys = [int(parts[k]) for k in (1, 3, 5, 7)]
        b = BBox(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        maxx, maxy = max(maxx, max(xs)), max(maxy, max(ys))
        # words: split line text proportionally
        t = parts[8]
        pos = 0; n = max(len(t), 1)
        for w in t.split(" "):
            if w:
                words.append(Word(w, BBox(b.x + b.w * pos / n, b.y, b.w * len(w) / n, b.h)))
            pos += len(w) + 1
        items.append(Item("text", t, b))
    return Document([Page(1, maxx + 20, maxy + 20, items, words)], "png")

def norm(s): return " ".join(str(s).split()) if s is not None else ""

if __name__ == "__main__":
    schema = json.load(open(f"{D}/schema.json"))
    ids = sorted(f[:-5] for f in os.listdir(f"{D}/key"))
    lim = int(sys.argv[1]) if len(sys.argv) > 1 else len(ids)
    show = sys.argv[2] if len(sys.argv) > 2 else ""
    ok = {k: 0 for k in schema["properties"]}
    t0 = time.time()
    for i in ids[:lim]:
        gt = json.load(open(f"{D}/key/{i}.json"))
        res = extract(load(i), schema)
        for k in ok:
            good = norm(res.data.get(k)) == norm(gt.get(k))
            ok[k] += good
            if not good and show in (k, "all"):
                print(i, k, "| got:", repr(res.data.get(k)), "| gt:", repr(gt.get(k)))
    n = len(ids[:lim])
    print({k: round(v / n, 3) for k, v in ok.items()}, "mean", round(sum(ok.values()) / n / len(ok), 3), f"{n/(time.time()-t0):.1f} docs/s")
