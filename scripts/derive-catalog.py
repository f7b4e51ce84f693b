#!/usr/bin/env python3
"""Derive whalesafe's offline image catalog from the shared reference data.

Reads
  <shared>/official-images/README.md and library/*   (Docker Official Images definitions)
  <shared>/eol/README.md and products/*.md           (endoflife.date front matter)
  analysis/catalog/image_eol_products.tsv            (our image -> EOL product mapping)
and writes analysis/catalog/catalog_data.inc: C++ aggregate initialisers, one line per entry,
per release cycle and per mapping row, in a fixed order so that reruns are byte-identical.
The `catalog.regenerate` test reruns this script and compares. See docs/catalog.md.

analysis/catalog/derive.cpp is the same derivation in C++ (used by `whalesafe catalog update`
at run time); the `catalog_update.derive` test checks both give the same bytes. Change both.

usage: derive-catalog.py [--shared DIR] [--mapping FILE] [--output FILE]
"""

import argparse
import datetime
import os
import re
import sys

import yaml  # Debian: python3-yaml (scripts/setup.sh)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Characters allowed in tags, image names and architectures (Docker's tag grammar is
# [A-Za-z0-9_][A-Za-z0-9_.-]*); anything else would need escaping in the generated source.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.-]*$")
# A hyphen-separated tag word that names an Alpine base: alpine, alpine3.24 (the form
# alpine-3.24 splits into the word "alpine" and a version).
ALPINE_WORD_RE = re.compile(r"^alpine(\d+(\.\d+)*)?$")


def fail(message):
    sys.exit(f"derive-catalog: error: {message}")


# --- official-images -------------------------------------------------------------------------


def read_paragraphs(path):
    """RFC 2822-style paragraphs of a library file as lists of (field, value) pairs.

    Comment lines go first (retired entries are kept as '#Tags:' lines), then blank lines
    split paragraphs and indented lines continue the previous field.
    """
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    paragraphs, current = [], []
    for line in lines:
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
        elif line[0] in " \t":
            if not current:
                fail(f"{path}: continuation line without a field: {line!r}")
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}")
        else:
            name, sep, value = line.partition(":")
            if not sep:
                fail(f"{path}: line is not 'Field: value': {line!r}")
            current.append((name.strip(), value.strip()))
    if current:
        paragraphs.append(current)
    return paragraphs


def split_list(value, path, what):
    items = [item.strip() for item in value.split(",") if item.strip()]
    for item in items:
        if not TOKEN_RE.match(item):
            fail(f"{path}: unexpected character in {what} {item!r}")
    return items


def classify(tags, architectures):
    """The entry's variant: windows > alpine > slim > regular (see docs/catalog.md)."""
    if architectures and all(a.startswith("windows-") for a in architectures):
        return "windows"
    words = {word for tag in tags for word in tag.split("-")}
    if any(ALPINE_WORD_RE.match(word) for word in words):
        return "alpine"
    if "slim" in words:
        return "slim"
    return "regular"


def read_library(library_dir):
    """(image names sorted, entries): entries are dicts in (image, file order) order."""
    images = sorted(os.listdir(library_dir))
    entries = []
    for image in images:
        path = os.path.join(library_dir, image)
        if not TOKEN_RE.match(image):
            fail(f"unexpected image file name {image!r}")
        paragraphs = read_paragraphs(path)
        if not paragraphs:
            fail(f"{path}: empty file")
        global_fields = dict(paragraphs[0])
        if "Tags" in global_fields:
            fail(f"{path}: the first (global) paragraph carries Tags")
        for paragraph in paragraphs[1:]:
            fields = dict(paragraph)
            if "Tags" not in fields:
                continue
            # Architectures falls back to the global paragraph, then to bashbrew's amd64.
            arch_value = fields.get("Architectures", global_fields.get("Architectures", "amd64"))
            tags = split_list(fields["Tags"], path, "tag")
            shared = split_list(fields.get("SharedTags", ""), path, "shared tag")
            architectures = split_list(arch_value, path, "architecture")
            entries.append(
                {
                    "image": image,
                    "variant": classify(tags, architectures),
                    "tags": tags,
                    "shared": shared,
                    "architectures": architectures,
                }
            )
    return images, entries


# --- endoflife.date --------------------------------------------------------------------------


def front_matter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        fail(f"{path}: no YAML front matter")
    end = text.find("\n---\n", 4)
    if end < 0:
        fail(f"{path}: unterminated YAML front matter")
    return yaml.safe_load(text[4 : end + 1])


def date_or_flag(value, path, field, allow_missing=False):
    """A YAML date as 'YYYY-MM-DD', a boolean as 'true'/'false', missing as ''."""
    if value is None and allow_missing:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    fail(f"{path}: {field} is neither a date nor a boolean: {value!r}")


def extended_support_name(value):
    """A product's name for its extended support (eoesColumn) as plain text: HTML tags
    dropped, blanks collapsed ('Debian <abbr ...>LTS</abbr>' -> 'Debian LTS'); '' unless a
    string (true only switches the column on)."""
    if not isinstance(value, str):
        return ""
    return " ".join(re.sub(r"<[^>]*>", "", value).split())


def read_products(products_dir):
    """({product: [cycle dict, ...]}, {product: (readable name, extended support name)}),
    cycles in file order (meant to be newest first)."""
    products, names = {}, {}
    for name in sorted(os.listdir(products_dir)):
        if not name.endswith(".md"):
            continue
        product = name[: -len(".md")]
        path = os.path.join(products_dir, name)
        matter = front_matter(path)
        # The readable name; the file name when the title is missing or not text.
        title = matter.get("title")
        if not isinstance(title, str) or not title.strip():
            title = product
        names[product] = (title, extended_support_name(matter.get("eoesColumn")))
        cycles = []
        for release in matter.get("releases") or []:
            cycle = release.get("releaseCycle")
            if not isinstance(cycle, str) or not cycle:
                fail(f"{path}: releaseCycle {cycle!r} is not a quoted string")
            release_date = release.get("releaseDate")
            latest = release.get("latest", "")
            codename = release.get("codename", "") or ""
            if not isinstance(latest, str) or not isinstance(codename, str):
                fail(f"{path}: cycle {cycle}: latest/codename must be strings")
            cycles.append(
                {
                    "cycle": cycle,
                    "codename": codename,
                    "release_date": date_or_flag(release_date, path, "releaseDate", True),
                    "eol": date_or_flag(release.get("eol"), path, "eol"),
                    "eoes": date_or_flag(release.get("eoes"), path, "eoes", True),
                    "latest": latest,
                    "lts": date_or_flag(release.get("lts"), path, "lts", True),
                }
            )
        products[product] = cycles
    return products, names


# --- sources and mapping ---------------------------------------------------------------------


def read_source(readme_path, name):
    """The upstream commit and commit date from a shared folder's README table."""
    with open(readme_path, encoding="utf-8") as f:
        text = f.read()
    commit = re.search(r"^\| Commit \| `([0-9a-f]{40})` \|", text, re.M)
    date = re.search(r"^\| Commit date \| (\d{4}-\d\d-\d\dT[0-9:+-]+) ", text, re.M)
    if not commit or not date:
        fail(f"{readme_path}: no '| Commit |' / '| Commit date |' rows")
    return {"name": name, "commit": commit.group(1), "date": date.group(1)}


def read_mapping(path, images, products):
    rows = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) != 3:
            fail(f"{path}:{number}: expected 3 tab-separated columns")
        image, product_list, status = columns
        for product in product_list.split(","):
            if product not in products:
                fail(f"{path}:{number}: no product file {product}.md")
        listed = image in images
        if status not in ("listed", "removed") or listed != (status == "listed"):
            fail(f"{path}:{number}: status {status!r} but library/{image} "
                 f"{'exists' if listed else 'does not exist'}")
        rows.append({"image": image, "products": product_list, "status": status})
    images_seen = [row["image"] for row in rows]
    if images_seen != sorted(set(images_seen)):
        fail(f"{path}: images must be sorted and unique")
    return rows


# --- output ----------------------------------------------------------------------------------


def c_string(text):
    """A C++ string literal; the data is ASCII apart from a few codenames."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            # UTF-8 bytes as octal escapes (octal escapes stop after three digits, unlike \x).
            out.extend(f"\\{byte:03o}" for byte in ch.encode("utf-8"))
    return '"' + "".join(out) + '"'


def render(sources, images, entries, products, names, mapping):
    out = [
        "// Generated by scripts/derive-catalog.py (the compiled-in table) or `whalesafe catalog",
        "// update` (a cache) from official-images, endoflife.date and image_eol_products.tsv.",
        "// Do not edit: rerun the script (docs/catalog.md). Included once, by catalog_data.cpp.",
        "// clang-format off",
        "",
        "// Where the facts come from: upstream repository commit and commit date.",
        "constexpr SourceRow kSources[] = {",
    ]
    for s in sources:
        out.append(f"    {{{c_string(s['name'])}, {c_string(s['commit'])}, {c_string(s['date'])}}},")
    out += [
        "};",
        "",
        "// Every file in official-images/library/ (an image with no entry is deprecated).",
        "constexpr std::string_view kImageFiles[] = {",
    ]
    out += [f"    {c_string(image)}," for image in images]
    out += [
        "};",
        "",
        "// One row per entry (a paragraph with Tags:), images sorted, entries in file order:",
        "// image, variant, tags (aliases of one build), shared tags, architectures.",
        "constexpr EntryRow kEntries[] = {",
    ]
    for e in entries:
        out.append(
            f"    {{{c_string(e['image'])}, EntryVariant::{e['variant']}, "
            f"{c_string(' '.join(e['tags']))}, {c_string(' '.join(e['shared']))}, "
            f"{c_string(' '.join(e['architectures']))}}},"
        )
    out += [
        "};",
        "",
        "// One row per endoflife.date product, sorted: product, readable name (title), name of",
        "// its extended support (eoesColumn, \"\" when unnamed).",
        "constexpr ProductRow kProducts[] = {",
    ]
    for product in sorted(products):
        title, extended = names[product]
        out.append(f"    {{{c_string(product)}, {c_string(title)}, {c_string(extended)}}},")
    out += [
        "};",
        "",
        "// One row per release cycle, products sorted, cycles in file order: product, cycle,",
        "// codename, release date, eol (date, \"true\" or \"false\"), end of extended support",
        "// (eoes: date, \"true\", \"false\" or \"\" for none), latest release, lts.",
        "constexpr CycleRow kCycles[] = {",
    ]
    for product in sorted(products):
        for c in products[product]:
            fields = [product, c["cycle"], c["codename"], c["release_date"], c["eol"],
                      c["eoes"], c["latest"], c["lts"]]
            out.append("    {" + ", ".join(c_string(f) for f in fields) + "},")
    out += [
        "};",
        "",
        "// image -> endoflife.date products (tried in order), from image_eol_products.tsv.",
        "constexpr ImageProductRow kImageProducts[] = {",
    ]
    for row in mapping:
        out.append(
            f"    {{{c_string(row['image'])}, {c_string(row['products'])}, "
            f"ImageListing::{row['status']}}},"
        )
    out += ["};", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.path.join(REPO_ROOT, "..", "shared"))
    parser.add_argument("--mapping",
                        default=os.path.join(REPO_ROOT, "analysis/catalog/image_eol_products.tsv"))
    parser.add_argument("--output",
                        default=os.path.join(REPO_ROOT, "analysis/catalog/catalog_data.inc"))
    args = parser.parse_args()

    official = os.path.join(args.shared, "official-images")
    eol = os.path.join(args.shared, "eol")
    sources = [
        read_source(os.path.join(official, "README.md"), "docker-library/official-images"),
        read_source(os.path.join(eol, "README.md"), "endoflife-date/endoflife.date"),
    ]
    images, entries = read_library(os.path.join(official, "library"))
    products, names = read_products(os.path.join(eol, "products"))
    mapping = read_mapping(args.mapping, set(images), products)

    text = render(sources, images, entries, products, names, mapping)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
