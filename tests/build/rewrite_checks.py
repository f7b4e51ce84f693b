"""What each hardening rewrite promises, asserted on the images built before and after `--fix`.

Each check first looks at the fixed Dockerfile to see whether the rewrite happened at all (a
USER in the final stage, the secret literal gone, a second stage, a slim tag). If it did not:
while the rewrite's planner in analysis/rewrites/ is still the placeholder, that is the expected
state of the code and the check reports it as pending (ctest shows the test as skipped, with
the rewrite named); once the planner has landed, the fixture is built to be rewritten, so not
rewriting it is a failure. If it happened, the promise is asserted on the real images, each
with a control on the original image showing that the assertion could fail.
"""

import dataclasses
import gzip
import pathlib
import re
import tempfile

import dockerfile_facts

PLACEHOLDER_MARK = "Placeholder until this rewrite lands"

ROOT_USERS = {"", "root", "0"}

# What a compiler toolchain leaves in /usr: drivers, the compiler proper, make.
COMPILER_GLOBS = [
    "usr/bin/gcc*",
    "usr/bin/cc",
    "usr/bin/c89*",
    "usr/bin/c99*",
    "usr/bin/x86_64-linux-gnu-gcc*",
    "usr/bin/g++*",
    "usr/bin/make",
    "usr/lib/gcc/*/*/cc1",
    "usr/libexec/gcc/*/*/cc1",
]


class CheckFailed(Exception):
    pass


@dataclasses.dataclass
class Outcome:
    pending: bool = False
    message: str = ""
    passed: list = dataclasses.field(default_factory=list)


def planner_is_placeholder(rewrite: str, source_dir: pathlib.Path) -> bool:
    planner = source_dir / "analysis" / "rewrites" / (rewrite.replace("-", "_") + ".cpp")
    return planner.exists() and PLACEHOLDER_MARK in planner.read_text()


def not_rewritten(rewrite: str, why: str, state: dict, source_dir: pathlib.Path) -> Outcome:
    if planner_is_placeholder(rewrite, source_dir):
        return Outcome(
            pending=True,
            message=(
                f"the {rewrite} rewrite has not landed (analysis/rewrites/"
                f"{rewrite.replace('-', '_')}.cpp is a placeholder), so `whalesafe --fix "
                f"--unsafe-fixes` did not rewrite {state['fixture']}: {why}; this test asserts "
                "for real once it lands"
            ),
        )
    raise CheckFailed(
        f"{rewrite} has landed but did not rewrite {state['fixture']}, which is made for it: "
        f"{why}\nfixed Dockerfile:\n{state['fixed']}\nwhalesafe said:\n{state['fix']['stderr']}"
    )


def _in_container(buildah, image: str, action):
    container = buildah.new_container(image)
    try:
        return action(container)
    finally:
        buildah.remove_container(container)


def check_add_non_root_user(state, buildah, source_dir) -> Outcome:
    user = dockerfile_facts.final_stage_user(state["fixed"])
    if user is None:
        return not_rewritten(
            "add-non-root-user", "the final stage still has no USER", state, source_dir
        )
    outcome = Outcome()
    before_user = buildah.image_config(state["before_image"]).get("config", {}).get("User", "")
    if before_user.split(":")[0] not in ROOT_USERS:
        raise CheckFailed(f"control: the original image already runs as {before_user!r}")
    configured = buildah.image_config(state["after_image"]).get("config", {}).get("User", "")
    if configured.split(":")[0] in ROOT_USERS:
        raise CheckFailed(f"the fixed image's configured user is {configured!r} (root)")
    wanted = state["expect"].get("user")  # a user the base image already provides
    if wanted and configured.split(":")[0] != wanted:
        raise CheckFailed(
            f"the fixed image runs as {configured!r}, not as {wanted!r}, which its base image "
            "already provides"
        )
    outcome.passed.append(f"the fixed image's configured user is {configured!r}")

    def uid(image):
        proc = _in_container(buildah, image, lambda c: buildah.exec_in(c, ["id", "-u"]))
        return proc.stdout.strip()

    if uid(state["before_image"]) != "0":
        raise CheckFailed("control: `id -u` in the original image is not 0")
    after_uid = uid(state["after_image"])
    if after_uid == "0" or not after_uid.isdigit():
        raise CheckFailed(f"`id -u` in the fixed image printed {after_uid!r}")
    outcome.passed.append(f"`id -u` in the fixed image prints {after_uid} (0 in the original)")
    return outcome


def _image_texts(buildah, image: str, workdir: pathlib.Path):
    """(what, bytes) for the image's inspect output (config, history, manifest, annotations)
    and for every blob of it pushed to an OCI layout (config and each layer, decompressed:
    buildah reuses the compressed blobs it has seen even with --disable-compression)."""
    yield "buildah inspect (config, history)", buildah.inspect_text(image).encode()
    layout = workdir / "oci"
    buildah.run("push", "--quiet", "--disable-compression", image, f"oci:{layout}")
    for blob in sorted((layout / "blobs").rglob("*")):
        if blob.is_file():
            data = blob.read_bytes()
            if data.startswith(b"\x1f\x8b"):
                data = gzip.decompress(data)
            yield f"blob {blob.name[:12]}", data


def _find(buildah, image: str, needles: list) -> dict:
    """needle -> [where it was found] over everything the image holds."""
    found = {needle: [] for needle in needles}
    with tempfile.TemporaryDirectory() as tmp:
        for what, data in _image_texts(buildah, image, pathlib.Path(tmp)):
            for needle in needles:
                if needle.encode() in data:
                    found[needle].append(what)
    return found


def check_move_secrets(state, buildah, source_dir) -> Outcome:
    secret = state["expect"]["secret"]
    if secret in state["fixed"]:
        return not_rewritten(
            "move-secrets", "the secret literal is still in the Dockerfile", state, source_dir
        )
    outcome = Outcome()
    if not _find(buildah, state["before_image"], [secret])[secret]:
        raise CheckFailed("control: the secret is not found in the original image either")
    # A line the app's build step writes into a layer: proves the layers were searched.
    marker = state["expect"]["prints"].splitlines()[-1]
    found = _find(buildah, state["after_image"], [secret, marker])
    if found[secret]:
        raise CheckFailed(f"the secret is still in the fixed image: {found[secret]}")
    if not any(where.startswith("blob") for where in found[marker]):
        raise CheckFailed(f"control: {marker!r} not found in the fixed image's layers")
    outcome.passed.append(
        "the secret is nowhere in the fixed image's config, history or layers "
        "(it is in the original's; the layers searched hold the build step's output)"
    )
    return outcome


def _toolchain(buildah, image: str) -> list:
    def look(container):
        root = buildah.mount(container)
        try:
            return sorted(
                str(p.relative_to(root)) for pattern in COMPILER_GLOBS for p in root.glob(pattern)
            )
        finally:
            buildah.run("umount", container)

    return _in_container(buildah, image, look)


def check_split_multi_stage(state, buildah, source_dir) -> Outcome:
    stage_count = len(dockerfile_facts.stages(state["fixed"]))
    if stage_count < 2:
        return not_rewritten(
            "split-multi-stage", "the fixed Dockerfile still has one stage", state, source_dir
        )
    outcome = Outcome()
    if not _toolchain(buildah, state["before_image"]):
        raise CheckFailed("control: no compiler found in the original image")
    left = _toolchain(buildah, state["after_image"])
    if left:
        raise CheckFailed(f"the fixed image still holds the toolchain: {left}")
    outcome.passed.append(f"{stage_count} stages; no compiler or make in the final image")
    before = buildah.image_size(state["before_image"])
    after = buildah.image_size(state["after_image"])
    if after >= before:
        raise CheckFailed(f"the fixed image is not smaller: {after} bytes, before {before}")
    outcome.passed.append(f"the final image is {after / 1e6:.0f} MB, was {before / 1e6:.0f} MB")
    return outcome


def check_pin_slim_tag(state, buildah, source_dir) -> Outcome:
    image = dockerfile_facts.final_image(state["fixed"])
    tag = image.rpartition(":")[2] if ":" in image.split("/")[-1] else ""
    # base-image-not-slim's own fix already makes python:3.12 python:3.12-slim; the rewrite
    # pins the exact version too (python:3.12.12-slim-trixie).
    if "slim" not in tag or not re.search(r"\d+\.\d+\.\d+", tag):
        return not_rewritten(
            "pin-slim-tag",
            f"the final stage is FROM {image}, not an exact version's slim tag",
            state,
            source_dir,
        )
    outcome = Outcome()
    outcome.passed.append(f"FROM {dockerfile_facts.final_image(state['original'])} became {image}")
    before = buildah.image_size(state["before_image"])
    after = buildah.image_size(state["after_image"])
    if after >= before:
        raise CheckFailed(f"the fixed image is not smaller: {after} bytes, before {before}")
    outcome.passed.append(f"the image is {after / 1e6:.0f} MB, was {before / 1e6:.0f} MB")
    return outcome


CHECKS = {
    "add-non-root-user": check_add_non_root_user,
    "move-secrets": check_move_secrets,
    "split-multi-stage": check_split_multi_stage,
    "pin-slim-tag": check_pin_slim_tag,
}


def check(rewrite: str, state: dict, buildah, source_dir: pathlib.Path) -> Outcome:
    if rewrite not in CHECKS:
        raise CheckFailed(f"unknown rewrite {rewrite!r} (known: {', '.join(CHECKS)})")
    return CHECKS[rewrite](state, buildah, source_dir)
