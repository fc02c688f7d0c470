"""Synthetic, news-like articles: short (so the engine is quick on two cores), unique,
and each with attributed statements so a correct split always yields claims."""

from __future__ import annotations

import json
import random
from pathlib import Path

CITIES = ["Lyon", "Porto", "Gdansk", "Mombasa", "Recife", "Osaka", "Tartu", "Cork", "Tromso", "Cusco"]
THINGS = ["bridge", "rail line", "port", "water plant", "airport runway", "ring road", "grain terminal"]
PEOPLE = ["Maria Alves", "Tomasz Nowak", "Aiko Tanaka", "Peter Walsh", "Grace Otieno", "Lena Kask"]
ORGS = ["transport ministry", "city council", "port authority", "regional utility", "workers' union"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int, rng: random.Random, *, updates: int = 0) -> dict[str, str]:
    """One article; ``updates`` more paragraphs make it longer (a task that takes the engine
    a while, so a fault can land inside it rather than between tasks)."""
    city, thing = rng.choice(CITIES), rng.choice(THINGS)
    person, other = rng.sample(PEOPLE, 2)
    org, org2 = rng.sample(ORGS, 2)
    day = rng.choice(DAYS)
    text = (
        f"{city.upper()}, {day} - Officials in {city} said on {day} that the {thing} had reopened "
        f"after {rng.randint(2, 40)} days of repairs (report {i}).\n\n"
        f'"We expect traffic to return to normal within a week," said {person}, a spokesperson '
        f"for the {org}.\n\n"
        f"According to the {org2}, about {rng.randint(100, 9000)} residents were affected by the closure.\n\n"
        f"{other} denied that the closure was linked to the budget dispute, and the ministry "
        f"did not answer a query for comment."
    )
    for u in range(updates):
        speaker, group = rng.choice(PEOPLE), rng.choice(ORGS)
        text += (
            f"\n\n{speaker} of the {group} said on {rng.choice(DAYS)} that inspectors had found "
            f"{rng.randint(2, 90)} faults in the {thing}, and that repairs would cost about "
            f"{rng.randint(1, 900)} million (update {u} to report {i}). "
            f'"The {thing} is safe, but we will keep checking it every week," {speaker} said.'
        )
    return {"title": f"Fault test {i}: {city} {thing} reopens", "text": text, "outlet": "Wire"}


def write_jsonl(path: Path, start: int, count: int, *, seed: int = 7, updates: int = 0) -> list[str]:
    """Write articles start..start+count-1; returns their titles."""
    rng = random.Random(seed * 100003 + start)
    records = [article(i, rng, updates=updates) for i in range(start, start + count)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [r["title"] for r in records]
