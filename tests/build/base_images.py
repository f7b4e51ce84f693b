"""The base images of the real-build tests, made here and never pulled.

A Debian root filesystem comes from debootstrap (minbase, trimmed like Docker's slim images) and
is kept as a tarball in the cache directory, so only the first run downloads packages from the
Debian mirror. Six images are made from it with buildah, each recording its recipe's hash in a
label so a changed recipe is rebuilt and an unchanged one reused:

    debian       the root filesystem alone            (debian:*, and the runtime stage of splits)
    gcc          + gcc, make, libc6-dev               (gcc:*)
    python-slim  + Debian's python3                   (python:*-slim*)
    python       gcc + python3, like the full image   (python:* other than slim)
    node-slim    + Debian's nodejs, a `node` user     (node:*-slim*)
    node         gcc + nodejs, a `node` user          (node:* other than slim)

A fixture's Dockerfile names official images (python:3.12, gcc:13, debian:bookworm-slim, or
whatever `--fix` pinned them to); tag_official_names() tags the matching local image under
every name a Dockerfile uses, so buildah finds it in its store and never asks a registry.
"""

import hashlib
import os
import pathlib
import re
import shutil
import subprocess

from buildah import Buildah

SUITE = "bookworm"
MIRROR = os.environ.get("WHALESAFE_DEBIAN_MIRROR", "http://deb.debian.org/debian")
RECIPE_VERSION = "1"  # bump when anything below changes what an image contains
LOCAL_PREFIX = "localhost/whalesafe-build-test/"
RECIPE_LABEL = "org.whalesafe.build-test.recipe"

# Like Docker's debian slim images: no documentation, manual pages or translations, now or in
# packages installed later.
DPKG_EXCLUDES = """\
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
"""

# The official images have `python` on PATH; Debian's package installs only `python3`.
PYTHON_LINK = "ln -s /usr/bin/python3 /usr/local/bin/python"

# The official node images have a `node` user and group, uid and gid 1000.
NODE_USER = (
    "groupadd --gid 1000 node && "
    "useradd --uid 1000 --gid node --shell /bin/bash --create-home node"
)

# local name -> (parent, Debian packages, shell run after installing them)
IMAGES = {
    "debian": (None, [], ""),
    "gcc": ("debian", ["gcc", "make", "libc6-dev"], ""),
    "python-slim": ("debian", ["python3"], PYTHON_LINK),
    "python": ("gcc", ["python3"], PYTHON_LINK),
    "node-slim": ("debian", ["nodejs"], NODE_USER),
    "node": ("gcc", ["nodejs"], NODE_USER),
}


def local_name(image: str) -> str:
    return f"{LOCAL_PREFIX}{image}:latest"


def rootfs_tarball(cache: pathlib.Path) -> pathlib.Path:
    """The cached debootstrap'd root filesystem, made on first use (about a minute)."""
    tarball = cache / f"rootfs-{SUITE}-minbase-v{RECIPE_VERSION}.tar.gz"
    if tarball.exists():
        return tarball
    work = cache / "debootstrap.tmp"
    shutil.rmtree(work, ignore_errors=True)
    rootfs = work / "rootfs"
    rootfs.mkdir(parents=True)
    # The excludes go in first, so debootstrap's own package installs already honour them.
    (rootfs / "etc/dpkg/dpkg.cfg.d").mkdir(parents=True)
    (rootfs / "etc/dpkg/dpkg.cfg.d/slim").write_text(DPKG_EXCLUDES)
    log = work / "debootstrap.log"
    with open(log, "w") as out:
        proc = subprocess.run(
            ["debootstrap", "--variant=minbase", SUITE, str(rootfs), MIRROR],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"debootstrap failed ({proc.returncode}):\n{log.read_text()[-3000:]}")
    for pattern in [
        "var/lib/apt/lists/*",
        "var/cache/apt/*.bin",
        "var/cache/apt/archives/*.deb",
        "usr/share/doc/*",
        "usr/share/man/*",
        "usr/share/info/*",
        "usr/share/locale/*",
        "var/log/*.log",
    ]:
        for path in rootfs.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    partial = work / "rootfs.tar.gz"
    subprocess.run(
        f"tar --numeric-owner -C {rootfs} -cf - . | gzip -1 > {partial}", shell=True, check=True
    )
    os.replace(partial, tarball)
    shutil.rmtree(work)
    return tarball


def recipe_hash(name: str, tarball: pathlib.Path) -> str:
    parent, packages, shell = IMAGES[name]
    parts = [RECIPE_VERSION, SUITE, name, " ".join(packages), shell]
    parts.append(recipe_hash(parent, tarball) if parent else tarball.name)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def ensure_image(buildah: Buildah, name: str, tarball: pathlib.Path, log) -> None:
    """Makes the local image `name` (and its parents) unless its recipe is already built."""
    parent, packages, shell = IMAGES[name]
    if parent:
        ensure_image(buildah, parent, tarball, log)
    wanted = recipe_hash(name, tarball)
    target = local_name(name)
    if buildah.image_exists(target) and buildah.label(target, RECIPE_LABEL) == wanted:
        return
    log(f"making base image {name} (recipe {wanted})")
    container = buildah.new_container(local_name(parent) if parent else "scratch")
    try:
        if parent is None:
            buildah.run("add", container, tarball, "/")
            buildah.run(
                "config",
                "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--cmd", '["bash"]',
                container,
            )  # fmt: skip
        if packages:
            script = (
                "set -e; apt-get update -qq; "
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                + " ".join(packages)
                + " >/dev/null; apt-get clean; rm -rf /var/lib/apt/lists/*"
            )
            buildah.exec_in(container, ["sh", "-c", script])
        if shell:
            buildah.exec_in(container, ["sh", "-c", shell])
        buildah.run("config", "--label", f"{RECIPE_LABEL}={wanted}", container)
        buildah.run("commit", "--rm", container, target)
    except Exception:
        buildah.remove_container(container)
        raise


def ensure_all(buildah: Buildah, cache: pathlib.Path, log) -> None:
    tarball = rootfs_tarball(cache)
    for name in IMAGES:
        ensure_image(buildah, name, tarball, log)


def local_image_for(reference: str) -> str:
    """The local image standing in for an official image reference such as python:3.12."""
    ref = reference
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/", "library/"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if "@" in ref:
        raise ValueError(
            f"{reference}: pinned by digest; the test makes its base images locally and cannot "
            "make one with a given digest"
        )
    repo, _, tag = ref.partition(":")
    if repo == "debian":
        return "debian"
    if repo == "gcc":
        return "gcc"
    if repo in ("python", "node"):
        if "alpine" in tag or "windowsservercore" in tag or "nanoserver" in tag:
            raise ValueError(f"{reference}: the test makes Debian-based images only")
        return f"{repo}-slim" if "slim" in tag else repo
    raise ValueError(
        f"{reference}: no local stand-in for this image (known: debian, gcc, python, node)"
    )


def official_name(reference: str) -> str:
    ref = reference if ":" in reference.split("/")[-1] else reference + ":latest"
    if "/" not in ref.split(":")[0]:
        ref = "docker.io/library/" + ref
    elif not re.match(r"[^/]*[.:]", ref):
        ref = "docker.io/" + ref
    return ref


def tag_official_names(buildah: Buildah, references) -> dict:
    """Tags the local stand-in of every reference under its official name; returns the mapping."""
    mapping = {}
    for reference in references:
        image = local_image_for(reference)
        buildah.tag(local_name(image), official_name(reference))
        mapping[reference] = image
    return mapping
