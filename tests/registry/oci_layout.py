"""Writes small OCI image layouts for the registry tests, from scratch: a config blob, one
uncompressed tar layer and a manifest per platform, and (for several platforms) an image
index over them. The bytes are deterministic for a given seed, so each test knows the digest
it pushed without asking the registry.

    layout = write_layout(directory, "v1", platforms=["linux/amd64", "linux/arm64"], seed="a")
    layout.digest      # sha256 of the index (or of the single manifest): what the tag names
"""

import hashlib
import io
import json
import os
import tarfile
from dataclasses import dataclass

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"


@dataclass
class Layout:
    path: str
    tag: str
    digest: str  # "sha256:..." of the top-level index or manifest
    media_type: str
    top_bytes: bytes


def _blob(directory, data):
    digest = hashlib.sha256(data).hexdigest()
    blobs = os.path.join(directory, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    with open(os.path.join(blobs, digest), "wb") as out:
        out.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}


def _layer(seed, platform):
    buffer = io.BytesIO()
    content = f"whalesafe registry test image {seed} {platform}\n".encode()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = len(content)
        info.mtime = 0
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def _dump(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def _image(directory, seed, platform):
    os_name, arch = platform.split("/", 1)
    layer = _layer(seed, platform)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = _dump({
        "architecture": arch,
        "os": os_name,
        "config": {"Cmd": ["/hello.txt"], "Labels": {"seed": seed}},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    })
    manifest = _dump({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": dict(mediaType=OCI_CONFIG, **_blob(directory, config)),
        "layers": [dict(mediaType=OCI_LAYER, **_blob(directory, layer))],
    })
    return manifest, {"os": os_name, "architecture": arch}


def write_layout(directory, tag, platforms=("linux/amd64",), seed="0"):
    """An OCI layout in `directory` whose `tag` names one manifest (one platform) or an
    index over one manifest per platform (several)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "oci-layout"), "w") as out:
        json.dump({"imageLayoutVersion": "1.0.0"}, out)
    manifests = [_image(directory, seed, p) for p in platforms]
    if len(manifests) == 1:
        top, media_type = manifests[0][0], OCI_MANIFEST
    else:
        top = _dump({
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [
                dict(mediaType=OCI_MANIFEST, platform=platform, **_blob(directory, manifest))
                for manifest, platform in manifests
            ],
        })
        media_type = OCI_INDEX
    descriptor = dict(mediaType=media_type, **_blob(directory, top))
    descriptor["annotations"] = {"org.opencontainers.image.ref.name": tag}
    with open(os.path.join(directory, "index.json"), "w") as out:
        json.dump({"schemaVersion": 2, "manifests": [descriptor]}, out)
    return Layout(directory, tag, descriptor["digest"], media_type, top)
