"""Train the clause classifier from the labelled corpus: `make train`.

Reads evals/corpus/clauses/*.jsonl (the deal files listed in evals/corpus/manifest.toml), fits four
multinomial logistic-regression heads with scikit-learn, and writes plain arrays to
coach/reading/model/weights.npz with model.json beside it. Deterministic: the same corpus gives the same
weights. The solver is Newton-CG run to a tight tolerance, so the fit reaches the one optimum of the regularised
loss; L-BFGS stopped at its default tolerance, where the weights depended on the machine's floating point (a
retrain on another machine moved verdicts). `--report` also measures leave-one-writer-out accuracy (each
writer's clauses predicted by a model trained on the other writers) and the probe set, and prints them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from coach.reading.classifier import DIMENSIONS, HEADS, MODEL_DIR, features, hashed, head_features, model_files
from coach.reading.segment import field_label

ROOT = Path(__file__).resolve().parent / "corpus"
C = 16.0  # inverse regularisation, chosen by leave-one-writer-out accuracy (see evals/corpus/README.md)
STAGES = ("pre_deal", "discovery", "evaluation", "proposal", "legal_review", "negotiation", "closed", "post_sale")
CATEGORICAL = {
    "stage": STAGES,
    "deal_type": ("new_logo", "expansion", "renewal"),
    "leverage": ("signal", "speed", "confidence"),
    "noise": ("too_early", "too_late", "no_clear_role", "other"),
}
# Program slots whose value is a category; the value head's class is "slot:value" so that each slot's "other"
# stays its own (the program reader asks for the values of one slot at a time).
PROGRAM_CATEGORICAL = {
    "icp.condition": (
        "industry", "company_size", "revenue", "region", "tech_stack", "deal_size", "buying_situation", "vague",
    ),
    "icp.evidence": ("where_deals_close", "velocity", "partner_helped", "partner_hurt"),
    "program.metric": ("speed", "risk_reduction", "cost", "revenue", "career_safety", "other"),
    "program.trust": ("prior_relationship", "category_credibility", "proof", "peer_referral", "compliance", "other"),
    "program.leverage": ("signal", "speed", "confidence", "vague"),
    "program.exclusion": (
        "deal_size", "repeatable_direct_motion", "buyer_trusts_vendor", "stage_too_late", "trust_gap", "segment",
        "vague",
    ),
    "program.noise": (
        "no_clear_role", "competing_narrative", "slows_decisions", "coordination_overhead", "too_early", "too_late",
        "other",
    ),
}  # fmt: skip
KINDS = ("deal", "program")


def value_class(slot: str, value: object) -> str | None:
    """The value head's class for a labelled clause: 'noise:other' keeps noise's 'other' apart."""
    if slot in PROGRAM_CATEGORICAL:
        return f"{slot}:{value}" if isinstance(value, str) and value in PROGRAM_CATEGORICAL[slot] else None
    if slot in CATEGORICAL and isinstance(value, str) and value in CATEGORICAL[slot]:
        return f"noise:{value}" if slot == "noise" else value
    return None


def manifest() -> dict:
    """Which corpus files train the deal reader, and who wrote each."""
    return tomllib.loads((ROOT / "manifest.toml").read_text(encoding="utf-8"))


def load_clauses(kind: str = "deal", split: str = "train") -> list[dict]:
    """Every labelled clause of the given kind and split, with its writer."""
    rows = []
    for entry in manifest()["files"]:
        if entry["kind"] != kind or entry["split"] != split:
            continue
        for line in (ROOT / entry["path"]).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({**json.loads(line), "writer": entry["writer"]})
    return rows


def corpus_hash() -> str:
    """SHA-256 over the manifest and every file it lists, the lexicons and the feature code."""
    digest = hashlib.sha256()
    digest.update((ROOT / "manifest.toml").read_bytes())
    for entry in sorted(manifest()["files"], key=lambda e: e["path"]):
        digest.update((ROOT / entry["path"]).read_bytes())
    lexicon_dir = Path(__file__).resolve().parent.parent / "coach" / "lexicon"
    for path in sorted(lexicon_dir.glob("*.toml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def featurise(rows: list[dict], kind: str = "deal") -> dict[str, list[np.ndarray]]:
    """Per head, the hashed feature indices of each clause, with its field label as at reading time."""
    named = []
    for row in rows:
        slot, at = field_label(row["text"], kind)
        named.append(features(row["text"], slot, row["text"][at:] if slot else None))
    return {head: [hashed(head_features(head, n)) for n in named] for head in HEADS}


def _matrix(indices: list[np.ndarray], columns: np.ndarray):
    """Rows of L2-normalised binary features over the columns seen in training (compact: fast to fit)."""
    from scipy.sparse import csr_matrix

    data = np.concatenate([np.full(len(i), 1.0 / np.sqrt(max(len(i), 1))) for i in indices])
    cols = np.searchsorted(columns, np.concatenate(indices))
    indptr = np.cumsum([0, *[len(i) for i in indices]])
    return csr_matrix((data, cols, indptr), shape=(len(indices), len(columns)))


def targets(rows: list[dict], head: str) -> list[str | None]:
    """The label of each clause for one head (None: the clause does not train this head)."""
    if head == "value":
        return [value_class(r["slot"], r["value"]) for r in rows]
    return [r[head] for r in rows]


def fit(per_head: dict[str, list[np.ndarray]], rows: list[dict], c: float = C) -> dict[str, tuple]:
    """One logistic regression per head: (classes, columns, weights, bias)."""
    from sklearn.linear_model import LogisticRegression

    model = {}
    for head in HEADS:
        indices = per_head[head]
        y = targets(rows, head)
        keep = [i for i, t in enumerate(y) if t is not None]
        columns = np.unique(np.concatenate([indices[i] for i in keep]))
        X = _matrix([indices[i] for i in keep], columns)
        labels = np.array([y[i] for i in keep])
        lr = LogisticRegression(C=c, solver="newton-cg", max_iter=1000, tol=1e-6)
        lr.fit(X, labels)
        weights = lr.coef_.T.astype(np.float32)
        bias = lr.intercept_.astype(np.float32)
        if len(lr.classes_) == 2:  # binary: expand to two columns so every head is a softmax
            weights = np.hstack([-weights / 2, weights / 2])
            bias = np.array([-bias[0] / 2, bias[0] / 2], dtype=np.float32)
        model[head] = (tuple(str(c) for c in lr.classes_), columns.astype(np.int64), weights, bias)
    return model


def save(model: dict[str, tuple], rows: list[dict], directory: Path = MODEL_DIR, kind: str = "deal") -> None:
    """Write the weights as plain arrays and the metadata as JSON."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for head, (_classes, columns, weights, bias) in model.items():
        arrays[f"{head}_columns"] = columns.astype(np.int32)
        arrays[f"{head}_weights"] = weights.astype(np.float16)
        arrays[f"{head}_bias"] = bias
    weights_file, meta_file = model_files(kind)
    np.savez(directory / weights_file, **arrays)  # uncompressed: loads in a few ms (git compresses the blob)
    meta = {
        "corpus_sha256": corpus_hash(),
        "C": C,
        "dimensions": DIMENSIONS,
        "clauses": len(rows),
        "writers": dict(sorted(Counter(r["writer"] for r in rows).items())),
        "heads": {head: list(classes) for head, (classes, *_rest) in model.items()},
    }
    (directory / meta_file).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def leave_one_writer_out(
    rows: list[dict], per_head: dict[str, list[np.ndarray]], c: float = C
) -> dict[str, dict[str, float]]:
    """Accuracy per head on each writer's clauses, from a model trained on the other writers."""
    from coach.reading.classifier import ClauseClassifier, Head

    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for writer in sorted({r["writer"] for r in rows}):
        train = [i for i, r in enumerate(rows) if r["writer"] != writer]
        test = [i for i, r in enumerate(rows) if r["writer"] == writer]
        model = fit({h: [v[i] for i in train] for h, v in per_head.items()}, [rows[i] for i in train], c)
        heads = {h: Head(cl, co, w, b) for h, (cl, co, w, b) in model.items()}
        clf = ClauseClassifier(heads, {})
        for head in HEADS:
            y = targets([rows[i] for i in test], head)
            pairs = [(per_head[head][i], t) for i, t in zip(test, y, strict=True) if t is not None]
            if pairs:  # a writer with no categorical values says nothing about the value head
                hits = sum(1 for idx, t in pairs if _best(clf.heads[head], idx) == t)
                scores[writer][head] = round(hits / len(pairs), 3)
    return dict(scores)


def _predicted(clf, row: dict, head: str) -> str:
    slot, at = field_label(row["text"])
    prediction = clf.predict(row["text"], slot, row["text"][at:] if slot else None)
    return {"slot": prediction.slot, "polarity": prediction.polarity}[head]


def _best(head, indices: np.ndarray) -> str:
    probs = head.probabilities(indices)
    return head.classes[int(np.argmax(probs))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make train", description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="also measure leave-one-writer-out accuracy")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation for --report sweeps")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for kind in KINDS:
        rows = load_clauses(kind)
        indices = featurise(rows, kind)
        if args.report:
            for writer, scores in leave_one_writer_out(rows, indices, args.c).items():
                print(f"held-out {kind} writer {writer}: " + ", ".join(f"{h} {s:.3f}" for h, s in scores.items()))
        save(fit(indices, rows), rows, kind=kind)
        print(f"{kind} model: {len(rows)} clauses")
    if args.report:
        from coach.reading.classifier import ClauseClassifier

        held = load_clauses(split="dev")
        clf = ClauseClassifier.load()
        for head in ("slot", "polarity"):
            pairs = [(r, t) for r, t in zip(held, targets(held, head), strict=True) if t is not None]
            for writer in sorted({r["writer"] for r, _ in pairs}):
                mine = [(r, t) for r, t in pairs if r["writer"] == writer]
                hits = sum(_predicted(clf, r, head) == t for r, t in mine)
                print(f"dev clauses of {writer}: {head} {hits}/{len(mine)} = {hits / len(mine):.3f}")
    print(f"trained in {time.perf_counter() - started:.1f} s -> {MODEL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
