"""Print Universal Feed Parser's reading of feed files as JSON, for wirefeed's conformance suite.

Usage: /usr/bin/python3 dump.py BASE_URL FILE... ; prints {"FILE": {"version", "title", "link", "entries": [...]}}.
BASE_URL plays the fetch URL (Content-Location). RSS has no xml:base of its own, and wirefeed resolves relative
item links against the channel <link> first (then the fetch URL), so for RSS/RDF the channel link, resolved
against BASE_URL, is given to feedparser as the base instead.
Dates are ISO 8601 UTC (seconds precision) from feedparser's *_parsed fields, which are already in UTC.
Each entry also gives its first content value, summary, tags (term and label) and author's name, for the
issue 12 cases (bodies, categories, people).
"""
import json
from urllib.parse import urljoin
import sys
import time

try:
    import feedparser
except ImportError:
    sys.stderr.write("python3-feedparser is not installed for /usr/bin/python3 (apt-get install -y python3-feedparser)\n")
    sys.exit(3)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", t) if t else None


out = {}
base = sys.argv[1]
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        data = f.read()
    d = feedparser.parse(data, response_headers={"content-location": base})
    if d.get("version", "").startswith("rss") and d.feed.get("link"):
        channel = urljoin(base, d.feed.get("link"))
        d = feedparser.parse(data, response_headers={"content-location": channel})
    entries = []
    for e in d.entries:
        entries.append({
            "title": e.get("title"),
            "link": e.get("link"),
            "id": e.get("id"),
            "published": iso(e.get("published_parsed")),
            "updated": iso(e.get("updated_parsed")),
            "content": (e.get("content") or [{}])[0].get("value"),
            "summary": e.get("summary"),
            "tags": [{"term": t.get("term"), "label": t.get("label")} for t in (e.get("tags") or [])],
            "author": (e.get("author_detail") or {}).get("name") or e.get("author"),
        })
    out[path] = {
        "version": d.get("version"),
        "bozo": bool(d.get("bozo")),
        "title": d.feed.get("title"),
        "link": d.feed.get("link"),
        "entries": entries,
    }
json.dump(out, sys.stdout, ensure_ascii=False)
