"""The clause classifier: which slot a clause speaks to, with which polarity, about whom, with what value.

Four multinomial logistic-regression heads over hashed features: word unigrams and bigrams with negation
scope marked ("nobody there knows them" -> NOT_there NOT_knows NOT_them), character 3- and 4-grams of
each word (typos), cue words (hedges, unknowns), the field label, and what the value grammars find
(a title, money, a stage phrase, a place). Trained by `make train` (evals/train_reader.py) from the
labelled corpus in evals/corpus/; the weights are plain arrays in model/ (numpy .npz, no pickle).
Inference is numpy only and loads in milliseconds.
"""

from __future__ import annotations

import itertools
import json
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from coach import lexicon
from coach.reading.money import find_count, find_money

MODEL_DIR = Path(__file__).parent / "model"
HEADS = ("slot", "polarity", "about", "value")
DIMENSIONS = 1 << 18

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[$€£?]", re.UNICODE)
_SCOPE_BREAK = re.compile(r"[,.;:!?()\[\]]|\s[-–—]\s")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, with '?' and currency signs kept as tokens."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def has_cue(text: str, kind: str) -> bool:
    """The text holds a cue of this kind: a cue word among its tokens, or a cue phrase ("not checked", "no idea")
    as consecutive tokens."""
    words = tokens(text)
    single, phrases = _cue_forms(kind)
    if single.intersection(words):
        return True
    joined = f" {' '.join(words)} "
    return any(phrase in joined for phrase in phrases)


@cache
def _cue_forms(kind: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """One kind's cues as single tokens, and its phrases as space-padded token runs (split once)."""
    cues = lexicon.cues(kind)
    return cues, tuple(f" {' '.join(parts)} " for c in sorted(cues) if len(parts := tokens(c)) > 1)


def negation_spans(text: str) -> list[tuple[int, int]]:
    """Where negation scope runs in a text, as (start, end) offsets: from a negation cue to the end of its phrase
    (or a word that ends the scope). "We do not sell to hospitals, only clinics" denies "sell to hospitals"."""
    negation, scope_end = lexicon.cues("negation"), lexicon.cues("scope_end")
    spans: list[tuple[int, int]] = []
    at = 0
    for piece in [*_SCOPE_BREAK.finditer(text), None]:
        end = piece.start() if piece else len(text)
        start = None
        for m in _TOKEN.finditer(text, at, end):
            token = m.group(0).lower().replace("’", "'")
            if start is not None and token in scope_end:
                spans.append((start, m.start()))
                start = None
            if start is None and (token in negation or token.endswith("n't")):
                start = m.start()
        if start is not None:
            spans.append((start, end))
        at = piece.end() if piece else end
    return spans


def _marked(text: str) -> list[str]:
    """Tokens with negation scope marked: after a negation cue, up to the phrase's end, words become NOT_word."""
    negation, scope_end = lexicon.cues("negation"), lexicon.cues("scope_end")
    marked: list[str] = []
    for phrase in _SCOPE_BREAK.split(text):
        negated = False
        for token in tokens(phrase):
            if token in scope_end:
                negated = False
            if token in negation or token.endswith("n't"):
                negated = True
                marked.append("NEG")
                continue
            marked.append(f"NOT_{token}" if negated else token)
    return marked


def features(text: str, label: str | None = None, value: str | None = None) -> list[str]:
    """The named features of one clause (its label slot and the value after the label, when labelled)."""
    words = _marked(text)
    found = [f"w={w}" for w in words]
    found += [f"b={a}_{b}" for a, b in itertools.pairwise(words)]
    for token in tokens(text):
        padded = f" {token} "
        found += [f"c={padded[i : i + n]}" for n in (3, 4) for i in range(len(padded) - n + 1)]
    found += [f"cue={kind}" for kind in ("hedge", "unknown", "partner", "us") if has_cue(text, kind)]
    if text.rstrip().endswith("?") or "?" in text:
        found.append("cue=question")
    if label:
        found.append(f"label={label}")
        if answer := label_answer(value or ""):
            found.append(f"label_answer={answer}")
    found += _grammar_features(text)
    return found


_YES = frozenset({"y", "yes", "yep", "true", "strong", "sí", "si", "sim", "ja"})
_NO = frozenset(
    {"n", "no", "nope", "false", "none", "nothing", "n/a", "weak", "não", "nein", "nao", "ninguno", "keine"}
)


def label_answer(value: str) -> str | None:
    """What a labelled value answers when it is a bare yes, no or unknown: "none. partners can join any deal"
    answers "no" (its first phrase is "none"); None when the value says more than that."""
    answer = re.split(r"[.;,!(]\s", value.strip(), maxsplit=1)[0].strip(" .!").lower()
    if answer in _YES:
        return "yes"
    if answer in _NO:
        return "no"
    if answer in lexicon.cues("unknown") or not answer:
        return "unknown"
    return None


def _grammar_features(text: str) -> list[str]:
    """What the value grammars see in the clause: a title, a group, money, a stage phrase, a place, a count."""
    found = []
    if lexicon.title_pattern().search(text):
        found.append("g=title")
    if lexicon.group_pattern().search(text):
        found.append("g=group")
    if find_money(text):
        found.append("g=money")
    if find_count(text):
        found.append("g=count")
    if lexicon.place_pattern().search(text):
        found.append("g=place")
    if lexicon.industry_pattern().search(text):
        found.append("g=industry")
    found += [f"g=stage_{stage}" for stage, pattern in lexicon.stage_phrases() if pattern.search(text)]
    found += [f"g=leverage_{kind}" for kind, pattern in lexicon.leverage_phrases() if pattern.search(text)]
    return found


def head_features(head: str, named: list[str]) -> list[str]:
    """The features one head reads. Polarity reads words, negation scope, cues and labels, not the character
    n-grams and grammar hits that say what a clause is about: "exec sponsor" is not a negative word because
    most notes that mention one say there is none."""
    if head == "polarity":
        return [f for f in named if not f.startswith(("c=", "g="))]
    return named


def _code(name: str) -> int:
    return zlib.crc32(name.encode()) % DIMENSIONS


def hashed(named: list[str]) -> np.ndarray:
    """Feature names -> sorted unique column indices (crc32, stable across runs and machines)."""
    return np.unique(np.fromiter((_code(f) for f in named), dtype=np.int64, count=len(named)))


@dataclass(frozen=True)
class Head:
    """One trained head: its classes, the columns it has weights for, and the weights."""

    classes: tuple[str, ...]
    columns: np.ndarray  # sorted feature indices seen in training
    weights: np.ndarray  # (len(columns), len(classes))
    bias: np.ndarray  # (len(classes),)

    def probabilities(self, indices: np.ndarray) -> np.ndarray:
        """Class probabilities for one clause, given its hashed feature indices."""
        rows = np.searchsorted(self.columns, indices)
        rows = rows[(rows < len(self.columns)) & (self.columns[np.minimum(rows, len(self.columns) - 1)] == indices)]
        scores = self.bias + self.weights[rows].sum(axis=0) * _scale(len(indices))
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()


def _scale(count: int) -> float:
    """Features are L2-normalised binary vectors: every present feature weighs 1/sqrt(count)."""
    return 1.0 / np.sqrt(max(count, 1))


@dataclass(frozen=True)
class Prediction:
    """What the classifier says about one clause: each head's best class and its probability."""

    slot: str
    slot_p: float
    polarity: str
    polarity_p: float
    about: str
    about_p: float
    value_p: dict[str, float]
    slots: dict[str, float]

    def value(self, allowed: tuple[str, ...]) -> tuple[str | None, float]:
        """The most probable value among `allowed` (the values the slot can take), renormalised."""
        scores = {v: p for v, p in self.value_p.items() if v in allowed}
        total = sum(scores.values())
        if not scores or total <= 0:
            return None, 0.0
        best = max(scores, key=scores.__getitem__)
        return best, scores[best] / total


class ClauseClassifier:
    """The four heads, loaded from plain arrays."""

    def __init__(self, heads: dict[str, Head], meta: dict) -> None:
        self.heads = heads
        self.meta = meta

    @classmethod
    def load(cls, directory: Path = MODEL_DIR, kind: str = "deal") -> ClauseClassifier:
        """Load a committed model (numpy arrays without pickle, and its metadata): the deal or the program one."""
        weights, meta_file = model_files(kind)
        meta = json.loads((directory / meta_file).read_text(encoding="utf-8"))
        with np.load(directory / weights, allow_pickle=False) as arrays:
            heads = {
                name: Head(
                    tuple(meta["heads"][name]),
                    arrays[f"{name}_columns"].astype(np.int64),
                    arrays[f"{name}_weights"].astype(np.float32),
                    arrays[f"{name}_bias"].astype(np.float32),
                )
                for name in HEADS
            }
        return cls(heads, meta)

    def predict(self, text: str, label: str | None = None, value: str | None = None) -> Prediction:
        """Classify one clause."""
        named = features(text, label, value)
        # Hash each feature once; polarity reads the subset head_features("polarity", ...) keeps (same columns).
        codes = np.fromiter((_code(f) for f in named), dtype=np.int64, count=len(named))
        words_only = np.fromiter((not f.startswith(("c=", "g=")) for f in named), dtype=bool, count=len(named))
        columns = {"all": np.unique(codes), "polarity": np.unique(codes[words_only])}
        out = {
            name: dict(zip(head.classes, head.probabilities(columns.get(name, columns["all"])), strict=True))
            for name, head in self.heads.items()
        }
        best = {name: max(probs, key=probs.__getitem__) for name, probs in out.items()}
        return Prediction(
            slot=best["slot"],
            slot_p=float(out["slot"][best["slot"]]),
            polarity=best["polarity"],
            polarity_p=float(out["polarity"][best["polarity"]]),
            about=best["about"],
            about_p=float(out["about"][best["about"]]),
            value_p={k: float(v) for k, v in out["value"].items()},
            slots={k: float(v) for k, v in out["slot"].items()},
        )


def model_files(kind: str) -> tuple[str, str]:
    """The weights and metadata file names of the deal model (account notes) or the program model."""
    return ("weights.npz", "model.json") if kind == "deal" else (f"{kind}-weights.npz", f"{kind}-model.json")


@cache
def classifier(kind: str = "deal") -> ClauseClassifier:
    """A committed model ("deal" for account notes, "program" for program descriptions), loaded once per process."""
    return ClauseClassifier.load(kind=kind)
