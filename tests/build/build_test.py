#!/usr/bin/env python3
"""Real builds before and after `whalesafe --fix --unsafe-fixes` (issue #4, "Proof").

    build_test.py [options] bases                   make (or reuse) the local base images
    build_test.py [options] build FIXTURE           fix the fixture, build both, run both
    build_test.py [options] check FIXTURE REWRITE   assert what REWRITE promises on the images

`build` asserts that the original and the fixed Dockerfile both build with buildah against the
locally made base images and that the app prints what the fixture expects, before and after.
`check` asserts one rewrite's promise on the images `build` left (see rewrite_checks.py); when
the rewrite did not happen and its planner is still a placeholder, it exits 77 (ctest: skipped)
saying so, and once the planner has landed the same situation is a failure.

Options: --whalesafe BIN, --source-dir DIR (the repository), --state DIR (where `build` leaves
what `check` reads). The cache (debootstrap'd root filesystem, buildah's storage with the base
images) is $WHALESAFE_BUILD_TEST_CACHE, else $XDG_CACHE_HOME/whalesafe-build-tests, else
~/.cache/whalesafe-build-tests. Needs root, buildah and (first run only) debootstrap and the
Debian mirror; without them it skips (exit 77), except under CI=true where it fails.
"""

import argparse
import fcntl
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import base_images  # noqa: E402
import dockerfile_facts  # noqa: E402
import rewrite_checks  # noqa: E402
from buildah import Buildah, BuildahError  # noqa: E402

SKIP = 77
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


class Failure(Exception):
    pass


def log(message: str) -> None:
    print(f"build-test: {message}", flush=True)


def cache_dir() -> pathlib.Path:
    explicit = os.environ.get("WHALESAFE_BUILD_TEST_CACHE")
    if explicit:
        return pathlib.Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(pathlib.Path.home() / ".cache")
    return pathlib.Path(base) / "whalesafe-build-tests"


def missing_prerequisites(cache: pathlib.Path, need_debootstrap: bool) -> list:
    missing = []
    if os.geteuid() != 0:
        missing.append("root (buildah's chroot isolation and debootstrap need it)")
    if shutil.which("buildah") is None:
        missing.append("buildah")
    if need_debootstrap and shutil.which("debootstrap") is None:
        if not any(cache.glob("rootfs-*.tar.gz")):
            missing.append("debootstrap")
    return missing


def skip_or_fail(missing: list) -> int:
    what = ", ".join(missing)
    if os.environ.get("CI") == "true":
        print(f"FAIL: missing {what} (CI=true: not skipping; run scripts/setup.sh as root)")
        return 1
    print(f"SKIPPED: missing {what} (run scripts/setup.sh as root)")
    return SKIP


def run_whalesafe_fix(whalesafe: str, directory: pathlib.Path) -> dict:
    """`whalesafe --fix --unsafe-fixes --show-fixes Dockerfile` in `directory`, offline."""
    with tempfile.TemporaryDirectory() as xdg:
        proc = subprocess.run(
            [whalesafe, "--fix", "--unsafe-fixes", "--show-fixes", "Dockerfile"],
            cwd=directory,
            env=dict(os.environ, XDG_CACHE_HOME=xdg),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    if proc.returncode not in (0, 1):
        raise Failure(f"whalesafe --fix exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return {"status": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


STATE_LABEL = "org.whalesafe.build-test.state"


def remove_stale_fixture_images(buildah: Buildah) -> None:
    """Removes the fixture images of build trees whose state directory is gone (a deleted
    build directory, a temporary one), so the shared cache does not grow without bound."""
    images = json.loads(buildah.run("images", "--json").stdout or "[]")
    for image in images:
        for name in image.get("names") or []:
            if name.startswith(base_images.LOCAL_PREFIX) and name.endswith(
                ("-before:latest", "-after:latest")
            ):
                state = buildah.label(name, STATE_LABEL)
                if not state or not pathlib.Path(state).is_dir():
                    buildah.remove_image(name)


def build_image(
    buildah: Buildah, context: pathlib.Path, tag: str, secrets: dict, state_dir: pathlib.Path
) -> None:
    args = ["bud", "--isolation", "chroot", "--pull=never", "-f", "Dockerfile", "-t", tag]
    args += ["--label", f"{STATE_LABEL}={state_dir.resolve()}"]
    for secret_id, path in secrets.items():
        args += ["--secret", f"id={secret_id},src={path}"]
    try:
        buildah.run(*args, context)
    except BuildahError as e:
        raise Failure(f"{tag} did not build:\n{e}") from None


def run_app(buildah: Buildah, image: str) -> str:
    """What the image's ENTRYPOINT + CMD print, run as its configured user and directory."""
    config = buildah.image_config(image).get("config", {})
    argv = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
    if not argv:
        raise Failure(f"{image} has neither ENTRYPOINT nor CMD")
    container = buildah.new_container(image)
    try:
        proc = buildah.exec_in(container, argv, check=False)
    finally:
        buildah.remove_container(container)
    if proc.returncode != 0:
        raise Failure(f"{image}: {argv} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def command_bases(args, buildah: Buildah, cache: pathlib.Path) -> int:
    base_images.ensure_all(buildah, cache, log)
    for name in base_images.IMAGES:
        size = buildah.image_size(base_images.local_name(name))
        log(f"base image {name}: {size / 1e6:.0f} MB")
    return 0


def command_build(args, buildah: Buildah, cache: pathlib.Path) -> int:
    base_images.ensure_all(buildah, cache, log)
    fixture = FIXTURES / args.fixture
    expect = json.loads((fixture / "expect.json").read_text())
    state_dir = pathlib.Path(args.state) / args.fixture
    shutil.rmtree(state_dir, ignore_errors=True)
    before_ctx, after_ctx = state_dir / "before", state_dir / "after"
    shutil.copytree(fixture, before_ctx, ignore=shutil.ignore_patterns("expect.json"))
    shutil.copytree(fixture, after_ctx, ignore=shutil.ignore_patterns("expect.json"))

    fix = run_whalesafe_fix(args.whalesafe, after_ctx)
    original = (before_ctx / "Dockerfile").read_text()
    fixed = (after_ctx / "Dockerfile").read_text()
    log(f"whalesafe --fix --unsafe-fixes exited {fix['status']}:\n{fix['stderr']}")
    log(f"fixed Dockerfile:\n{fixed}")

    # Secrets the fixed file mounts get the fixture's secret, from outside the build context.
    secrets = {}
    secret_ids = dockerfile_facts.secret_ids(fixed)
    if secret_ids:
        if "secret" not in expect:
            raise Failure(f"the fixed Dockerfile mounts secrets {secret_ids}; the fixture has none")
        secret_file = state_dir / "secret"
        secret_file.write_text(expect["secret"])
        secrets = {secret_id: secret_file for secret_id in secret_ids}

    try:
        mapping = base_images.tag_official_names(
            buildah,
            dockerfile_facts.base_images(original) + dockerfile_facts.base_images(fixed),
        )
    except ValueError as e:
        raise Failure(str(e)) from None
    log(f"base images (official name -> local stand-in): {mapping}")

    # Named after the state directory too: two build trees sharing the cache (a developer's
    # and CI's, or two checkouts) must not check each other's images.
    tree = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:8]
    before_image = f"{base_images.LOCAL_PREFIX}{args.fixture}-{tree}-before:latest"
    after_image = f"{base_images.LOCAL_PREFIX}{args.fixture}-{tree}-after:latest"
    remove_stale_fixture_images(buildah)
    for image in (before_image, after_image):
        buildah.remove_image(image)
    buildah.run("rmi", "--prune", check=False)  # what earlier builds left without a name
    build_image(buildah, before_ctx, before_image, {}, state_dir)
    log(f"built the original: {before_image}")
    build_image(buildah, after_ctx, after_image, secrets, state_dir)
    log(f"built the fixed one: {after_image}")

    before_output = run_app(buildah, before_image)
    after_output = run_app(buildah, after_image)
    if before_output != expect["prints"]:
        raise Failure(
            f"the original app printed {before_output!r}, the fixture expects {expect['prints']!r}"
        )
    if after_output != before_output:
        raise Failure(f"the fixed app printed {after_output!r}, the original {before_output!r}")
    log(f"both apps print {before_output!r}")

    state = {
        "fixture": args.fixture,
        "expect": expect,
        "original": original,
        "fixed": fixed,
        "fix": fix,
        "before_image": before_image,
        "after_image": after_image,
        "base_images": mapping,
    }
    (state_dir / "state.json").write_text(json.dumps(state, indent=2))
    print(f"PASS: {args.fixture}: original and fixed Dockerfiles build and print the same")
    return 0


def command_check(args, buildah: Buildah, cache: pathlib.Path) -> int:
    state_file = pathlib.Path(args.state) / args.fixture / "state.json"
    if not state_file.exists():
        raise Failure(f"no {state_file}: build.{args.fixture}.build did not pass")
    state = json.loads(state_file.read_text())
    if args.rewrite not in state["expect"]["rewrites"]:
        raise Failure(f"{args.fixture} does not exercise {args.rewrite} (see its expect.json)")
    outcome = rewrite_checks.check(args.rewrite, state, buildah, pathlib.Path(args.source_dir))
    if outcome.pending:
        print(f"EXPECTED-PENDING (skipped): {args.rewrite}: {outcome.message}")
        return SKIP
    for line in outcome.passed:
        print(f"PASS: {args.fixture}: {line}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--whalesafe", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--state", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("bases")
    build = sub.add_parser("build")
    build.add_argument("fixture")
    check = sub.add_parser("check")
    check.add_argument("fixture")
    check.add_argument("rewrite")
    args = parser.parse_args()

    cache = cache_dir()
    missing = missing_prerequisites(cache, need_debootstrap=args.command != "check")
    if missing:
        return skip_or_fail(missing)
    cache.mkdir(parents=True, exist_ok=True)
    # One test at a time per cache: the base images and buildah's storage are shared.
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        buildah = Buildah(cache / "storage")
        command = {"bases": command_bases, "build": command_build, "check": command_check}
        try:
            return command[args.command](args, buildah, cache)
        except (Failure, BuildahError, RuntimeError, rewrite_checks.CheckFailed) as e:
            print(f"FAIL: {e}")
            return 1


if __name__ == "__main__":
    sys.exit(main())
