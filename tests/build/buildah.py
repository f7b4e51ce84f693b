"""A thin wrapper around the buildah CLI for the real-build tests.

Every call uses the tests' own storage (vfs driver, its own root and run root, so nothing
touches a system-wide image store) and chroot isolation, the one that works without a daemon,
user namespaces or cgroup delegation: in a container, `buildah run`'s default OCI isolation
fails ("cgroups in hybrid mode not supported") while `--isolation chroot` runs fine as root.
"""

import json
import os
import pathlib
import subprocess


class BuildahError(Exception):
    pass


class Buildah:
    def __init__(self, storage: pathlib.Path):
        self.storage = storage
        self.env = dict(os.environ, BUILDAH_ISOLATION="chroot")
        self.global_args = [
            "buildah",
            "--root", str(storage / "root"),
            "--runroot", str(storage / "run"),
            "--storage-driver", "vfs",
        ]  # fmt: skip

    def run(self, *args, check=True, input_text=None) -> subprocess.CompletedProcess:
        """Runs `buildah ARGS...`; raises BuildahError with its output when it fails and check."""
        proc = subprocess.run(
            self.global_args + [str(a) for a in args],
            env=self.env,
            input=input_text,
            text=True,
            capture_output=True,
        )
        if check and proc.returncode != 0:
            raise BuildahError(
                f"buildah {' '.join(str(a) for a in args)} exited {proc.returncode}:\n"
                f"{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
            )
        return proc

    def image_exists(self, name: str) -> bool:
        return self.run("inspect", "--type", "image", name, check=False).returncode == 0

    def image_config(self, name: str) -> dict:
        """The image's OCI configuration (config, history, rootfs) as buildah stored it."""
        out = self.run("inspect", "--type", "image", name).stdout
        return json.loads(json.loads(out)["Config"])

    def inspect_text(self, name: str) -> str:
        """Everything `buildah inspect` says about an image, as text (for searching)."""
        return self.run("inspect", "--type", "image", name).stdout

    def image_size(self, name: str) -> int:
        """Bytes of the image's layers, uncompressed (as vfs stores them)."""
        manifest = json.loads(json.loads(self.inspect_text(name))["Manifest"])
        return sum(layer["size"] for layer in manifest["layers"])

    def label(self, name: str, key: str) -> str:
        return (self.image_config(name).get("config", {}).get("Labels") or {}).get(key, "")

    def tag(self, image: str, name: str) -> None:
        self.run("tag", image, name)

    def remove_image(self, name: str) -> None:
        self.run("rmi", "--force", name, check=False)

    def new_container(self, image: str) -> str:
        return self.run("from", "--pull=never", image).stdout.strip().splitlines()[-1]

    def remove_container(self, container: str) -> None:
        self.run("rm", container, check=False)

    def exec_in(self, container: str, argv: list, check=True) -> subprocess.CompletedProcess:
        """Runs argv in the container, as the image's configured user and working directory."""
        return self.run("run", "--isolation", "chroot", container, "--", *argv, check=check)

    def mount(self, container: str) -> pathlib.Path:
        return pathlib.Path(self.run("mount", container).stdout.strip())
