"""The clause classifier: plain arrays, the committed model matches the corpus, features mark negation."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.reading.classifier import MODEL_DIR, ClauseClassifier, _marked, features, label_answer, model_files

train_reader = pytest.importorskip("evals.train_reader")


@pytest.mark.parametrize("kind", ["deal", "program"])
def test_the_weights_are_plain_arrays(kind: str) -> None:
    with np.load(MODEL_DIR / model_files(kind)[0], allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


@pytest.mark.parametrize("kind", ["deal", "program"])
def test_the_committed_model_was_trained_on_the_committed_corpus(kind: str) -> None:
    meta = json.loads((MODEL_DIR / model_files(kind)[1]).read_text(encoding="utf-8"))
    assert meta["corpus_sha256"] == train_reader.corpus_hash(), "the corpus changed: run make train"


@pytest.mark.parametrize("kind", ["deal", "program"])
def test_training_is_deterministic_and_reproduces_the_committed_weights(tmp_path, kind: str) -> None:
    rows = train_reader.load_clauses(kind)
    model = train_reader.fit(train_reader.featurise(rows, kind), rows)
    train_reader.save(model, rows, tmp_path, kind=kind)
    fresh, committed = ClauseClassifier.load(tmp_path, kind), ClauseClassifier.load(kind=kind)
    for name, head in committed.heads.items():
        assert fresh.heads[name].classes == head.classes
        assert np.array_equal(fresh.heads[name].columns, head.columns)
        assert np.allclose(fresh.heads[name].weights, head.weights, atol=2e-3)


def test_negation_scope_is_marked_to_the_end_of_the_phrase() -> None:
    assert _marked("nobody there knows them, but they know the CFO") == [
        "NEG", "NOT_there", "NOT_knows", "NOT_them", "but", "they", "know", "the", "cfo",
    ]  # fmt: skip


def test_features_carry_the_label_and_the_grammars() -> None:
    named = features("Signer: CFO", "signer", "CFO")
    assert "label=signer" in named and "g=title" in named
    assert "label_answer=yes" in features("rel: yes", "trust.prior_relationship", "yes")


@pytest.mark.parametrize(
    ("value", "answer"),
    [("yes", "yes"), ("none. partners can join any deal", "no"), ("n/a", "no"), ("TBD", "unknown"), ("the CFO", None)],
)
def test_a_labelled_value_answers_yes_no_or_unknown_by_its_first_phrase(value: str, answer: str | None) -> None:
    assert label_answer(value) == answer
