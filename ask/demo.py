"""The question box's demo wording: synonyms readers use, emergency phrases and the fixed sentences, written
by an editor and approved by a board member through the services (idempotent: rows already there stay)."""

from __future__ import annotations

import json
from pathlib import Path

from ask import services
from ask.models import Passage, Wording
from ask.passages import reindex_all_passages
from ask.vocabulary import FALLBACK

SYNONYMS = [
    ("blood thinner", "warfarin; anticoagulant; vitamin K antagonist"),
    ("blood thinners", "warfarin; anticoagulant; vitamin K antagonist"),
    ("sores", "ulcers; wounds"),
    ("sore", "ulcer; wound"),
    ("kidney failure", "kidney disease; end-stage renal disease; dialysis"),
    ("kidney machine", "dialysis"),
    ("phosphate binder", "binder; phosphate"),
    ("high phosphate", "hyperphosphataemia; phosphate"),
    ("skin test", "biopsy"),
    ("outlook", "prognosis"),
    ("survival", "prognosis; mortality"),
    ("chances", "prognosis"),
]
EMERGENCY_PHRASES = [
    "chest pain", "chest pains", "crushing chest", "can't breathe", "cannot breathe", "cant breathe",
    "struggling to breathe", "trouble breathing", "short of breath", "overdose", "overdosed", "took too many",
    "suicidal", "suicide", "kill myself", "end my life", "want to die", "self harm", "hurt myself",
    "face drooping", "drooping", "slurred speech", "slurred", "stroke", "passed out", "unconscious", "seizure",
    "severe bleeding", "bleeding heavily", "lips blue", "lips going blue", "swallowed tablets", "swallowed pills",
    "whole packet", "on purpose tablets", "want to be alive", "end it all", "hit head", "heart racing",
    "confused temperature", "confused fever", "coughing up blood", "vomiting blood",
]  # fmt: skip


# The demo's starting lay-term table, written with the evaluation set (eval/README.md).
VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "eval" / "vocabulary.json"


def demo_synonyms() -> list[tuple[str, str]]:
    rows = list(SYNONYMS)
    if VOCABULARY_FILE.exists():
        rows += [(row["term"], "; ".join(row["means"])) for row in json.loads(VOCABULARY_FILE.read_text("utf-8"))]
    return list(dict.fromkeys(rows))


def seed_ask_wording(users) -> None:
    editor, board = users["editor"], users["board"]
    rows = [(Wording.Kind.SYNONYM, text, means) for text, means in demo_synonyms()]
    rows += [(Wording.Kind.EMERGENCY_PHRASE, phrase, "") for phrase in EMERGENCY_PHRASES]
    rows += [(kind, text, "") for kind, text in FALLBACK.items()]
    for kind, text, means in rows:
        if Wording.objects.filter(kind=kind, text=text).exists():
            continue
        wording = services.wording_save(actor=editor, wording=Wording(kind=kind, text=text, means=means))
        services.wording_approve(actor=board, wording=wording)
    if not Passage.objects.exists():  # a demo loaded before the question box: cut its articles now
        reindex_all_passages()
