"""What the real-build tests need to know about a (fixed) Dockerfile: its stages' base images,
the final stage's USER, the build secrets its RUN mounts ask for.

Line-based on purpose: FROM and USER never continue over lines in the fixtures or in what
`--fix` writes, and the test must not trust the parser it is testing to read the fixer's output.
"""

import re

_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$", re.IGNORECASE)
_USER = re.compile(r"^\s*USER\s+(\S+)", re.IGNORECASE)
_SECRET_ID = re.compile(r"--mount=(?:\S*,)?type=secret\S*?(?:,|=)id=([A-Za-z0-9_.-]+)")
_SECRET_ID_FIRST = re.compile(r"--mount=id=([A-Za-z0-9_.-]+)\S*type=secret")


def _lines(text: str):
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            yield line


def stages(text: str) -> list:
    """[(image, stage name or None, [lines of the stage])] in order."""
    result = []
    for line in _lines(text):
        m = _FROM.match(line)
        if m:
            result.append((m.group(1), m.group(2), []))
        elif result:
            result[-1][2].append(line)
    return result


def base_images(text: str) -> list:
    """Every FROM image that is not an earlier stage's name or scratch."""
    names, images = set(), []
    for image, name, _ in stages(text):
        if image.lower() not in names and image != "scratch" and image not in images:
            images.append(image)
        if name:
            names.add(name.lower())
    return images


def final_image(text: str) -> str:
    return stages(text)[-1][0]


def final_stage_user(text: str):
    """The last USER of the final stage, or None."""
    user = None
    for line in stages(text)[-1][2]:
        m = _USER.match(line)
        if m:
            user = m.group(1)
    return user


def secret_ids(text: str) -> list:
    ids = []
    for pattern in (_SECRET_ID, _SECRET_ID_FIRST):
        for m in pattern.finditer(text):
            if m.group(1) not in ids:
                ids.append(m.group(1))
    return ids
