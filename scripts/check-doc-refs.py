#!/usr/bin/env python3
"""Fails when a file of the repository names a document the repository does not contain.

Checked in every tracked (or new, not ignored) text file:

1. every `*.md` path mentioned anywhere (comments, help texts, docstrings, JSON strings,
   Markdown): a path with a directory must exist relative to the repository root or to the
   file's directory; a bare name (`README.md`) must be the name of some file of the
   repository. URLs are not checked.
2. every relative link of a Markdown file (`[text](target)`), resolved from the file's
   directory; a link into a Markdown page with a `#fragment` (and a `*.md#fragment` mention
   elsewhere) must name a heading of that page or an explicit `<a id="…">` anchor.

Prints one line per broken reference (`file:line: …`) and exits 1 if there is any.
"""

import os
import re
import subprocess
import sys
import unicodedata

ROOT = subprocess.run(
    ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
).stdout.strip()
os.chdir(ROOT)

FILES = sorted(
    set(
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
    )
    - {""}
)
EXISTING = {f for f in FILES if os.path.isfile(f)}
DIRS = {os.path.dirname(f) for f in EXISTING}
for d in list(DIRS):
    while d:
        d = os.path.dirname(d)
        DIRS.add(d)
BASENAMES = {os.path.basename(f) for f in EXISTING}
# Outputs that scripts write (benches/run.sh), named in the text that describes them.
GENERATED = {"python.md"}

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s)>\]\"'`]+")
MD_PATH = re.compile(r"(?<![\w.\-/$}])((?:\.{1,2}/|[\w.\-]+/)*[\w.\-]+\.md)(#[^\s)`\"'>\]]*)?(?![\w])")
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
FENCE = re.compile(r"^\s*(```|~~~)")


def slug(text):
    """The fragment GitHub gives a heading."""
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    out = []
    for ch in text.strip().lower():
        if ch in " -":
            out.append("-" if ch == " " else ch)
        elif ch == "_" or unicodedata.category(ch)[0] in "LNM":
            out.append(ch)
    return "".join(out)


_anchors = {}


def anchors(path):
    """Fragments a Markdown page defines (headings and explicit anchors)."""
    if path not in _anchors:
        found, seen, fenced = set(), {}, False
        try:
            lines = open(path, encoding="utf-8").read().splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for line in lines:
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            found.update(ANCHOR.findall(line))
            m = HEADING.match(line)
            if m:
                s = slug(m.group(2))
                n = seen.get(s, 0)
                seen[s] = n + 1
                found.add(s if n == 0 else f"{s}-{n}")
        _anchors[path] = found
    return _anchors[path]


def resolve(src, target):
    """The repository path `target` names from file `src`, or None."""
    # From the file's directory, then its parents (paths relative to a crate's manifest).
    bases, here = [], os.path.dirname(src)
    while True:
        bases.append(here)
        if not here:
            break
        here = os.path.dirname(here)
    for base in bases:
        p = os.path.normpath(os.path.join(base, target))
        if p == ".":
            p = ""
        if p in EXISTING or p in DIRS:
            return p
    return None


problems = []


def check_fragment(src, lineno, page, fragment):
    if fragment and page.endswith(".md") and page in EXISTING:
        if fragment not in anchors(page):
            problems.append(f"{src}:{lineno}: {page} has no section #{fragment}")


for src in FILES:
    if src not in EXISTING or src == "scripts/check-doc-refs.py":
        continue
    try:
        text = open(src, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError):
        continue
    is_md = src.endswith(".md")
    fenced = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if is_md and FENCE.match(line):
            fenced = not fenced
        bare = URL.sub(" ", line)
        for m in MD_PATH.finditer(bare):
            name, frag = m.group(1), (m.group(2) or "")[1:].rstrip(".,;:")
            if "/" in name:
                page = resolve(src, name)
                if page is None:
                    problems.append(f"{src}:{lineno}: names {name}, which is not in the repository")
                    continue
                check_fragment(src, lineno, page, frag)
            elif name not in BASENAMES | GENERATED and resolve(src, name) is None:
                problems.append(f"{src}:{lineno}: names {name}, which is not in the repository")
            elif frag:
                page = resolve(src, name)
                if page:
                    check_fragment(src, lineno, page, frag)
        if not is_md or fenced:
            continue
        # Code spans are not links: double-backtick spans (which may hold a backtick) first.
        code_free = re.sub(r"`[^`]*`", " ", re.sub(r"``.*?``", " ", bare))
        for m in MD_LINK.finditer(code_free):
            target = m.group(1)
            if target.startswith(("#", "mailto:")) or ":" in target.split("/")[0]:
                if target.startswith("#"):
                    check_fragment(src, lineno, src, target[1:])
                continue
            path, _, frag = target.partition("#")
            page = resolve(src, path)
            if page is None:
                problems.append(f"{src}:{lineno}: links {target}, which is not in the repository")
            else:
                check_fragment(src, lineno, page, frag)

for p in dict.fromkeys(problems):
    print(p)
if problems:
    print(f"{len(set(problems))} reference(s) to documents the repository does not contain", file=sys.stderr)
    sys.exit(1)
