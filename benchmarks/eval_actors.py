"""Cross-document actor identity on MEANTIME: parley's actor mentions and keys against gold entities.

    .venv/bin/python benchmarks/eval_actors.py [--corpus airbus|apple|all]

System: spaCy (parley.nlp.load_nlp) + parley.extract.actors.find_mentions per document;
only mentions of kind person, organization, country or place count.

1. Mention detection (overlap): recall over gold NAM mentions (a system mention overlaps
   them); precision over system mentions in the region MEANTIME annotates at document level
   (see meantime.py), a system mention being correct when it overlaps any gold entity
   mention of any syntactic type.
2. Clustering across documents: each gold mention (NAM; then NAM+NOM) takes the cluster
   "kind-group:key" of the system mention overlapping it most (kind-group as in
   parley.link.actors: organization and place share "op"); a gold mention with no overlapping
   system mention is a singleton. Gold clusters are the cross-document instance_id (the few
   gold mentions linked to no instance, annotation gaps, are left out). Scores:
   MUC, B-cubed, CEAF-e (optimal alignment) and CoNLL F1 (their mean), over the whole corpus.
   Also scored: parley's own cross-document linker (parley.link.actors.link_actors run over
   an in-memory store, which also joins a lone surname to the one full name it matches), and
   the baseline: gold mentions with the same case-folded text share a cluster.
Results go to benchmarks/results/actors_meantime.json. airbus is for tuning, apple for reporting.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "src")]

import meantime  # noqa: E402

from parley.extract.actors import find_mentions  # noqa: E402
from parley.link.actors import link_actors  # noqa: E402
from parley.nlp import load_nlp  # noqa: E402

KINDS = {"person", "organization", "country", "place"}
GOLD_SETS = {"NAM": {"NAM"}, "NAM+NOM": {"NAM", "NOM"}}
try:
    from scipy.optimize import linear_sum_assignment
    ASSIGNMENT = "scipy linear_sum_assignment (optimal)"
except ImportError:                              # pragma: no cover
    linear_sum_assignment = None
    ASSIGNMENT = "greedy (scipy not installed)"


def kind_group(kind: str) -> str:
    """As parley.link.actors groups kinds: spaCy often swaps organization and place for one name."""
    return "op" if kind in ("organization", "place") else kind


def overlap(a, b) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


# --- coreference metrics (key, response: {mention: cluster label}, same mentions) --------------

def groups(assign: dict) -> list[set]:
    out = defaultdict(set)
    for m, c in assign.items():
        out[c].add(m)
    return list(out.values())


def prf(p: float, r: float) -> dict[str, float]:
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def muc(key: dict, resp: dict) -> dict:
    def side(a: dict, b: dict) -> float:          # links of `a` kept by the partition `b`
        num = sum(len(k) - len({b[m] for m in k}) for k in groups(a))
        den = sum(len(k) - 1 for k in groups(a))
        return num / den if den else 0.0
    return prf(side(resp, key), side(key, resp))


def b_cubed(key: dict, resp: dict) -> dict:
    kg, rg = {m: k for k in groups(key) for m in k}, {m: r for r in groups(resp) for m in r}
    p = sum(len(kg[m] & rg[m]) / len(rg[m]) for m in key) / len(key)
    r = sum(len(kg[m] & rg[m]) / len(kg[m]) for m in key) / len(key)
    return prf(p, r)


def ceaf_e(key: dict, resp: dict) -> dict:
    ks, rs = groups(key), groups(resp)
    sim = [[2 * len(k & r) / (len(k) + len(r)) for r in rs] for k in ks]
    if linear_sum_assignment is not None:
        rows, cols = linear_sum_assignment(sim, maximize=True)
        total = sum(sim[i][j] for i, j in zip(rows, cols))
    else:                                        # greedy: best remaining pair first
        total, used_k, used_r = 0.0, set(), set()
        for s, i, j in sorted(((sim[i][j], i, j) for i in range(len(ks)) for j in range(len(rs)) if sim[i][j]),
                              reverse=True):
            if i not in used_k and j not in used_r:
                total += s
                used_k.add(i), used_r.add(j)
    return prf(total / len(rs), total / len(ks))


def coref_scores(key: dict, resp: dict) -> dict:
    s = {"muc": muc(key, resp), "b3": b_cubed(key, resp), "ceaf_e": ceaf_e(key, resp)}
    s["conll_f1"] = sum(s[m]["f1"] for m in ("muc", "b3", "ceaf_e")) / 3
    return s


# --- the system ----------------------------------------------------------------------------

class MemoryStore:
    """Just enough of parley's store for link_actors: stored mentions in, actors and links out."""

    def __init__(self, mentions: dict[str, list], texts: dict[str, str]):
        self.mentions, self.texts, self.links = mentions, texts, {}

    def extractions(self, kind: str):
        if kind != "mention":
            return                                        # no quotes: speakers give no evidence here
        for aid in sorted(self.mentions):
            for m in self.mentions[aid]:
                yield aid, dataclasses.asdict(m)

    def article_text(self, aid: str) -> str:
        return self.texts.get(aid, "")

    def replace_actors(self, actors, links) -> None:
        self.links = {(aid, local): ident for aid, local, ident in links}


def evaluate(docs, nlp) -> tuple[dict, list]:
    system = {d.name: [m for m in find_mentions(nlp(d.text)) if m.kind in KINDS] for d in docs}
    store = MemoryStore(system, {d.name: d.text for d in docs})
    link_actors(store)
    out = {}
    # 1. Mention detection.
    nam = [(d, g) for d in docs for g in d.entity_mentions if g.syntactic_type == "NAM"]
    found = [(d, g) for d, g in nam if any(overlap(g, s) for s in system[d.name])]
    sys_in = [(d, s) for d in docs for s in system[d.name] if s.start < d.annotated_end]
    right = [(d, s) for d, s in sys_in if any(overlap(s, g) for g in d.entity_mentions)]
    det = prf(len(right) / len(sys_in) if sys_in else 0.0, len(found) / len(nam) if nam else 0.0)
    by_type = Counter(g.ent_type or "none" for _, g in nam)
    hit_type = Counter(g.ent_type or "none" for _, g in found)
    det["recall_by_ent_type"] = {t: f"{hit_type[t]}/{n}" for t, n in sorted(by_type.items())}
    det.update(gold=len(nam), system=len(sys_in))
    out["detection"] = det
    # 2. Clustering, per gold set.
    pairs_nam = []
    for label, types in GOLD_SETS.items():
        key, resp, linker, exact, info = {}, {}, {}, {}, {}
        unlinked = 0
        for d in docs:
            for g in d.entity_mentions:
                if g.syntactic_type not in types:
                    continue
                if g.instance_id is None:            # an annotation gap: no cross-document entity to score
                    unlinked += 1
                    continue
                ident = (d.name, g.m_id)
                key[ident] = g.instance_id
                best = max(system[d.name], key=lambda s: (overlap(g, s), -abs((s.end - s.start) - (g.end - g.start))),
                           default=None)
                if best is not None and overlap(g, best):
                    resp[ident] = f"{kind_group(best.kind)}:{best.key}"
                    linker[ident] = store.links.get((d.name, best.local), "unlinked:" + resp[ident])
                else:
                    resp[ident] = linker[ident] = f"unmatched:{d.name}@{g.m_id}"
                exact[ident] = g.text.casefold()
                info[ident] = (g.text, resp[ident], key[ident], g.ent_type or "?")
        out[label] = {"mentions": len(key), "gold_clusters": len(set(key.values())), "skipped_no_instance": unlinked,
                      "system": coref_scores(key, resp), "link_actors": coref_scores(key, linker),
                      "exact_string": coref_scores(key, exact)}
        if label == "NAM":
            pairs_nam = pair_errors(key, resp, info)
    return out, pairs_nam


def pair_errors(key: dict, resp: dict, info: dict) -> list[tuple[str, int, str]]:
    """Wrong merges and splits as (category, count, description), by pair of surface forms."""
    tally: Counter = Counter()
    items = sorted(key)
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            same_gold, same_sys = key[a] == key[b], resp[a] == resp[b]
            if same_gold == same_sys:
                continue
            (ta, ra, ga, ea), (tb, rb, gb, eb) = sorted((info[a], info[b]))
            if same_sys:                            # by the gold entity types: ORG~PRO = "Boeing" / "Boeing 747"
                tally[("merged:" + "~".join(sorted({ea, eb})), f"{ta!r} / {tb!r} -> {ra}   (gold {ga} vs {gb})")] += 1
                continue
            if ra.startswith("unmatched") or rb.startswith("unmatched"):
                cat = "split:undetected"
            elif ra.split(":", 1)[1] == rb.split(":", 1)[1]:
                cat = "split:kind"                  # same key, different kind group
            else:
                cat = "split:key"
            short = lambda r: "(no system mention)" if r.startswith("unmatched") else r  # noqa: E731
            tally[(cat, f"{ta!r} [{short(ra)}] / {tb!r} [{short(rb)}]   (gold {ga})")] += 1
    return [(cat, n, desc) for (cat, desc), n in tally.most_common()]


# --- main ----------------------------------------------------------------------------------

def table(name: str, res: dict) -> None:
    d = res["detection"]
    print(f"\n== {name} ==")
    print(f"mention detection (NAM, overlap): P {d['p']:.3f}  R {d['r']:.3f}  F1 {d['f1']:.3f}   "
          f"(gold NAM {d['gold']}, system mentions in annotated region {d['system']})")
    print(f"  recall by gold entity type: {d['recall_by_ent_type']}")
    print(f"{'gold set':8} {'clustering':13} | {'MUC P':>6} {'R':>5} {'F1':>5} | {'B3 P':>5} {'R':>5} {'F1':>5} | "
          f"{'CEAFe P':>7} {'R':>5} {'F1':>5} | {'CoNLL':>5}")
    for label in GOLD_SETS:
        r = res[label]
        for variant in ("system", "link_actors", "exact_string"):
            s = r[variant]
            m, b, c = s["muc"], s["b3"], s["ceaf_e"]
            print(f"{label:8} {variant:13} | {m['p']:6.3f} {m['r']:5.3f} {m['f1']:5.3f} | {b['p']:5.3f} {b['r']:5.3f} "
                  f"{b['f1']:5.3f} | {c['p']:7.3f} {c['r']:5.3f} {c['f1']:5.3f} | {s['conll_f1']:5.3f}")
        note = "; no NOM-typed mentions in this corpus" if label == "NAM+NOM" and r["mentions"] == res["NAM"]["mentions"] \
            else ""
        print(f"{'':8} ({r['mentions']} mentions, {r['gold_clusters']} gold clusters; {r['skipped_no_instance']} "
              f"mentions without a cross-document instance left out{note})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=("airbus", "apple", "all"), default="all")
    args = ap.parse_args()
    names = list(meantime.CORPORA) if args.corpus == "all" else [args.corpus]
    nlp = load_nlp()
    print(f"CEAF-e alignment: {ASSIGNMENT}")
    results = {"ceaf_e_assignment": ASSIGNMENT}
    for name in names:
        res, errors = evaluate(meantime.load(name), nlp)
        results[name] = res
        table(name, res)
        if name == "airbus":
            cats = Counter()
            for cat, n, _ in errors:
                cats[cat] += n
            print("\nNAM clustering errors on airbus (mention pairs), by category:", dict(cats.most_common()))
            merged = [e for e in errors if e[0].startswith("merged")][:10]
            split = [e for e in errors if not e[0].startswith("merged")][:30 - len(merged)]
            for cat, n, desc in merged + split:
                print(f"  {cat:17} x{n:<4} {desc}")
    out = ROOT / "benchmarks" / "results" / "actors_meantime.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and args.corpus != "all":   # keep the other corpus's figures from an earlier run
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
