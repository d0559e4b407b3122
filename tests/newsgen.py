"""Made-up news articles, as many as a test needs: text the project may ship.

Each article is a few paragraphs of invented business and politics news about invented people,
companies and places (and real countries), built from sentence templates that use the
constructions kg reads: appositions, roles, acquisitions, lawsuits, reported speech, negation.
The same seed gives the same articles.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ("Anna", "Boris", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Irene", "Jonas", "Kira", "Luis",
         "Maya", "Nikolai", "Olga", "Pedro", "Rosa", "Stefan", "Tara", "Viktor")
LAST = ("Albrecht", "Bellamy", "Castellano", "Dunmore", "Eckhart", "Fairbanks", "Galloway", "Hollister",
        "Ingram", "Jarvis", "Kowalczyk", "Lindqvist", "Marchetti", "Northcott", "Oyelaran", "Pemberton")
COMPANY = ("Zentrix", "Novaluna", "Brightwater", "Quellcore", "Orvanta", "Tessaline", "Marbrook", "Kestrova",
           "Halcyra", "Vantorix", "Duskmere", "Lumetric", "Corvane", "Astrelle", "Pyronel", "Westhaven")
SUFFIX = ("Corp", "Holdings", "Group", "Bank", "Motors", "Airlines", "Energy", "Telecom")
CITY = ("Paris", "Berlin", "Madrid", "Tokyo", "Toronto", "Sydney", "Chicago", "Milan", "Seoul", "Lagos")
COUNTRY = ("France", "Germany", "Spain", "Japan", "Canada", "Australia", "Italy", "Brazil", "Kenya", "India")
ROLE = ("chief executive", "chairman", "finance director", "spokeswoman", "founder")

TEMPLATES = (
    "{p1}, the {role} of {c1}, said the company would cut costs this year.",
    "{c1} has agreed to buy {c2} for ${n} million, the two firms said on {day}.",
    "{c2} was acquired by {c1} in {year}.",
    "{p1} has threatened to sue {c2} over a supply contract.",
    "The {city}-based {c1} reported a profit of ${n} million.",
    "{p2} told reporters in {city} that {c1} did not contact {c2}.",
    "{c1}, which is based in {city}, employs {n} people in {country}.",
    "Shares in {c2} rose {n}% after {p2} was appointed chairman.",
    "{p1} met {p2} in {city} to discuss a partnership between {c1} and {c2}.",
    "{c2} may launch a new service in {country} next year, according to {p2}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY)} {rng.choice(SUFFIX)}"


def article(rng: random.Random, number: int, sentences: int = 8) -> dict:
    """One article as a JSONL record: ``id``, ``title``, ``date``, ``source`` and ``text``."""
    cast = {"p1": _person(rng), "p2": _person(rng), "c1": _company(rng), "c2": _company(rng)}
    while cast["c2"] == cast["c1"]:
        cast["c2"] = _company(rng)
    lines = []
    for _ in range(sentences):
        values = dict(cast, role=rng.choice(ROLE), city=rng.choice(CITY), country=rng.choice(COUNTRY),
                      n=rng.randint(2, 900), year=rng.randint(1995, 2024), day=rng.choice(DAYS))
        lines.append(rng.choice(TEMPLATES).format(**values))
    paragraphs = [" ".join(lines[i:i + 3]) for i in range(0, len(lines), 3)]
    return {"id": f"gen-{number:05d}", "title": f"{cast['c1']} and {cast['c2']}",
            "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "source": "kg test news",
            "text": "\n\n".join(paragraphs)}


def articles(count: int, *, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    return [article(rng, i) for i in range(count)]


def write_jsonl(path: Path, count: int, *, seed: int = 0) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles(count, seed=seed)), encoding="utf-8")
    return path
