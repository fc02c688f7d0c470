"""The learned stance-cue model: features, training, the committed weights, and its
effect on claims. Every sentence here is made up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.engine import Engine, cue_model


def _verb(engine: Engine, text: str, word: str) -> tuple[cue_model.TokenData, int]:
    for _, info in engine.token_data(text):
        if word in info.lower:
            return info, info.lower.index(word)
    raise AssertionError(f"{word!r} not in {text!r}")


def test_features_name_the_verb_and_its_object(engine: Engine) -> None:
    info, v = _verb(engine, "The governor vetoed the school bill on Friday.", "vetoed")
    assert {"w=vetoed", "k=dobj"} <= set(cue_model.features(info, v))


def test_features_name_a_preposition_after_the_verb(engine: Engine) -> None:
    info, v = _verb(engine, "The union argued for a higher minimum wage.", "argued")
    assert "wp=argued|for" in cue_model.features(info, v)


def test_features_say_the_subject_is_an_agent(engine: Engine) -> None:
    info, v = _verb(engine, "Senator Alvarez opposed the merger.", "opposed")
    assert "sagent" in cue_model.features(info, v)


def test_features_say_when_there_is_no_subject(engine: Engine) -> None:
    info, v = _verb(engine, "Opposing the merger, the mayor left early.", "opposing")
    assert "nosubj" in cue_model.features(info, v)


def test_training_separates_what_the_examples_separate() -> None:
    data = [(["w=backed", "sagent"], True), (["w=flooded", "st=NN"], False)] * 40
    model = cue_model.train(data)
    assert model.score(["w=backed", "sagent"]) > 0 > model.score(["w=flooded", "st=NN"])


def test_training_is_deterministic() -> None:
    data = [(["w=a", "k=dobj"], True), (["w=b", "k=dobj"], False), (["w=a", "nosubj"], False)] * 10
    assert cue_model.train(data).weights == cue_model.train(data).weights


def test_pruning_drops_near_zero_weights() -> None:
    model = cue_model.pruned(cue_model.CueModel({"w=a": 0.5, "w=b": 0.001}, 0.1234))
    assert model.weights == {"w=a": 0.5}


def test_pruning_rounds_the_bias() -> None:
    assert cue_model.pruned(cue_model.CueModel({}, 0.123456)).bias == 0.123


def test_a_model_file_without_weights_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"bias": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError, match="weights"):
        cue_model.load.__wrapped__(path)


def test_a_model_file_with_a_text_bias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"bias": "high", "weights": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="numeric"):
        cue_model.load.__wrapped__(path)


def test_the_committed_model_round_trips_through_json() -> None:
    model = cue_model.load()
    again = cue_model.CueModel.from_json(json.loads(json.dumps(model.to_json())))
    assert (again.weights, again.bias) == (model.weights, model.bias)


def test_the_committed_model_accepts_an_unlisted_stance_verb(engine: Engine) -> None:
    info, v = _verb(engine, "The council opted against a tax increase.", "opted")
    assert cue_model.decide(info, v) is True


def test_the_committed_model_vetoes_a_listed_verb_out_of_its_sense(engine: Engine) -> None:
    info, v = _verb(engine, "The program encourages galleries to show local art.", "encourages")
    assert cue_model.decide(info, v) is False


def test_the_committed_model_rejects_a_verb_of_events(engine: Engine) -> None:
    info, v = _verb(engine, "The river flooded the valley after the storm.", "flooded")
    assert cue_model.decide(info, v) is None


def test_an_accepted_verb_attributes_its_object_to_its_subject(engine: Engine) -> None:
    text = "The council opted against a tax increase."
    (claim,) = engine.analyse(text).claims
    assert getattr(claim.source, "text", None) == "The council"


def test_the_accepted_verb_is_the_cue(engine: Engine) -> None:
    text = "The council opted against a tax increase."
    (claim,) = engine.analyse(text).claims
    assert getattr(claim.cue, "text", None) == "opted against"
