"""The outlet of an article: the publisher as a reader names it ("Reuters", "theguardian.com").

Pure and offline. The order: the page's own site name (og:site_name and the like) when known;
else a name from the URL's host; else the input file's name; else None.

From a host, the outlet is its registrable domain: the part a publisher buys, one label under
the public suffix. `https://uk.news.yahoo.com/...`, `https://www.yahoo.com/news/...` and
`https://m.yahoo.com/...` are all "yahoo.com": sub-domains are editions (uk., edition.),
sections (news.) or delivery (www., m., amp., mobile.), not other publishers, and a reader
who saw 80 excerpts from the three names one outlet. Public suffixes of two labels are
recognised by rule, not by list: a country-code top-level domain under a generic second
level (co.uk, com.au, co.jp, org.nz, gov.in, ...), plus the few hosting domains whose
sub-domains are separate publishers (blogspot.com, substack.com, github.io, ...). A
well-known news brand is then named as readers know it (bbc.co.uk -> "BBC").

A URL that is not http(s) (javascript:, data:, file:, mailto:), has no host, or whose host is
an IP address, "localhost" or not a host name at all gives no outlet.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# Second levels under which a country-code TLD sells names: "co.uk", "com.au", "ne.jp", "gob.mx".
_GENERIC_SECOND = frozenset({
    "ac", "co", "com", "edu", "gov", "go", "gob", "gouv", "govt", "ltd", "mil", "ne", "net", "nic", "nom", "or",
    "org", "plc", "sch", "info", "biz", "int",
})
# Hosting domains whose sub-domains are separate publishers (a private public suffix).
_HOSTED = frozenset({
    "blogspot.com", "wordpress.com", "substack.com", "medium.com", "tumblr.com", "github.io", "typepad.com",
    "livejournal.com", "wixsite.com", "weebly.com", "blogger.com", "squarespace.com", "ghost.io",
})
# Well-known news brands by registrable domain: general knowledge of the world's major outlets.
BRANDS = {
    "reuters.com": "Reuters", "apnews.com": "AP", "ap.org": "AP", "afp.com": "AFP",
    "bloomberg.com": "Bloomberg", "upi.com": "UPI", "xinhuanet.com": "Xinhua", "news.cn": "Xinhua",
    "kyodonews.net": "Kyodo News", "tass.com": "TASS", "tass.ru": "TASS", "ansa.it": "ANSA", "dpa.com": "dpa",
    "efe.com": "EFE", "pti.in": "PTI", "yna.co.kr": "Yonhap", "aa.com.tr": "Anadolu Agency",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "theguardian.com": "The Guardian", "guardian.co.uk": "The Guardian",
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal", "ft.com": "Financial Times", "economist.com": "The Economist",
    "cnn.com": "CNN", "foxnews.com": "Fox News", "nbcnews.com": "NBC News", "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News", "npr.org": "NPR", "pbs.org": "PBS", "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times", "politico.com": "Politico", "politico.eu": "Politico Europe",
    "axios.com": "Axios", "thehill.com": "The Hill", "cnbc.com": "CNBC", "time.com": "Time",
    "newsweek.com": "Newsweek", "theatlantic.com": "The Atlantic", "vox.com": "Vox",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times", "independent.co.uk": "The Independent", "dailymail.co.uk": "Daily Mail",
    "skynews.com": "Sky News", "news.sky.com": "Sky News",
    "dw.com": "DW", "france24.com": "France 24", "rfi.fr": "RFI", "lemonde.fr": "Le Monde",
    "lefigaro.fr": "Le Figaro", "spiegel.de": "Der Spiegel", "faz.net": "FAZ", "sueddeutsche.de": "Süddeutsche Zeitung",
    "elpais.com": "El País", "euronews.com": "Euronews", "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera",
    "scmp.com": "South China Morning Post", "chinadaily.com.cn": "China Daily", "globaltimes.cn": "Global Times",
    "cgtn.com": "CGTN", "japantimes.co.jp": "The Japan Times", "nikkei.com": "Nikkei", "asia.nikkei.com": "Nikkei Asia",
    "nhk.or.jp": "NHK", "koreaherald.com": "The Korea Herald", "straitstimes.com": "The Straits Times",
    "channelnewsasia.com": "CNA", "thehindu.com": "The Hindu", "hindustantimes.com": "Hindustan Times",
    "timesofindia.indiatimes.com": "The Times of India",
    "ndtv.com": "NDTV", "dawn.com": "Dawn", "abc.net.au": "ABC (Australia)", "smh.com.au": "The Sydney Morning Herald",
    "cbc.ca": "CBC", "theglobeandmail.com": "The Globe and Mail", "rt.com": "RT", "themoscowtimes.com": "The Moscow Times",
    "haaretz.com": "Haaretz", "timesofisrael.com": "The Times of Israel", "arabnews.com": "Arab News",
    "voanews.com": "VOA", "rferl.org": "RFE/RL", "nzherald.co.nz": "The New Zealand Herald",
}
_LABEL = re.compile(r"^(?!-)[0-9a-z\u00a0-\uffff-]{1,63}(?<!-)$")
# A URL written without its scheme: "www.host" or "host.tld" followed by a port or a path.
_BARE = re.compile(r"^(?:www\.[^/:?#\s]+|[^/:?#\s]+\.[^/:?#\s]+(?::\d+)?[/?#])", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_EDGES = "".join(map(chr, range(0x21)))
_INSIDE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _host(url: str) -> str | None:
    """The host name of an http(s) URL (or of a bare "www.host.com/path"), lower case, IDN decoded."""
    url = _INSIDE.sub("", url.strip(_EDGES))  # what browsers drop: "java\tscript:" is javascript:
    if not url or _CONTROL.search(url):
        return None
    if url.startswith("//"):
        url = "http:" + url
    elif _BARE.match(url):
        url = "http://" + url                 # "reuters.com/article/...", "www.dw.com", "host.com:8080/x"
    elif not _SCHEME.match(url):
        return None                           # "index.html", "../a/b": a relative reference names no host
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:                        # "http://[::1" and other broken brackets
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = host.rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None                            # an address names no outlet
    except ValueError:
        pass
    labels = host.split(".")
    decoded = []
    for label in labels:
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                return None
        decoded.append(label.lower())
    if len(decoded) < 2 or not all(_LABEL.match(x) for x in decoded) or decoded[-1].isdigit():
        return None                            # "localhost", "a..b", "1.2.3.999"
    return ".".join(decoded)


def registrable_domain(host: str) -> str:
    """The registrable part of a host name: "uk.news.yahoo.com" -> "yahoo.com", "www.bbc.co.uk" -> "bbc.co.uk"."""
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _HOSTED:
        return ".".join(labels[-3:])
    suffix = 2 if (len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND) else 1
    return ".".join(labels[-(suffix + 1):])


def _brand(host: str, domain: str) -> str | None:
    """A well-known brand for a host: the longest table entry that is the host or a parent of it."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = BRANDS.get(".".join(labels[i:]))
        if name:
            return name
        if ".".join(labels[i:]) == domain:
            break
    return None


def _site_name(site_name: object) -> str | None:
    if not isinstance(site_name, str):
        return None
    name = " ".join(_CONTROL.sub(" ", site_name).split())[:120]
    if not name:
        return None
    if " " not in name and "." in name:        # a site name that is itself a host: "www.reuters.com"
        host = _host(name)
        if host:
            return outlet_of_host(host)
    return name


def outlet_of_host(host: str) -> str:
    domain = registrable_domain(host)
    return _brand(host, domain) or domain


def outlet_of(url: str | None, file: str | None, site_name: str | None = None) -> str | None:
    """The outlet a reader names: the site name, else from the URL's host, else the file's name, else None."""
    name = _site_name(site_name)
    if name:
        return name
    host = _host(url) if isinstance(url, str) else None
    if host:
        return outlet_of_host(host)
    if isinstance(file, str) and file.strip():
        return file.strip().replace("\\", "/").rsplit("/", 1)[-1] or file.strip()
    return None


def outlet_name(article: dict | None, fallback: str = "") -> str:
    """The outlet of an export article (recomputed for a record made before the field), else `fallback`."""
    a = article or {}
    return a.get("outlet") or outlet_of(a.get("url"), a.get("file")) or a.get("title") or fallback


def source_label(article: dict | None, fallback: str = "", undated: str | None = None) -> str:
    """How a view names an article as a source: its outlet and date, "Reuters (2015-12-05)"."""
    a = article or {}
    name = outlet_name(a, fallback)
    date = a.get("published") or undated
    return f"{name} ({date})" if date else name
