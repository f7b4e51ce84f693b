#!/usr/bin/env bash
# The committed analysis/catalog/catalog_data.inc must be exactly what
# scripts/derive-catalog.py writes from the shared data now.
#   usage: regenerate_test.sh PYTHON3 SOURCE_DIR SHARED_DIR
# Without the shared data: prints SKIPPED and exits 77 (ctest's skip code), or fails when
# CI=true.
set -euo pipefail
python="$1"
source_dir="$2"
shared="$3"
if [[ ! -d "$shared/official-images/library" || ! -d "$shared/eol/products" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "shared reference data missing at $shared (CI=true: not skipping)" >&2
    exit 1
  fi
  echo "SKIPPED: shared reference data missing at $shared"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" "$source_dir/scripts/derive-catalog.py" --shared "$shared" --output "$work/catalog_data.inc"
committed="$source_dir/analysis/catalog/catalog_data.inc"
if ! cmp -s "$work/catalog_data.inc" "$committed"; then
  echo "analysis/catalog/catalog_data.inc is out of date; run scripts/derive-catalog.py" >&2
  diff -u "$committed" "$work/catalog_data.inc" | head -40 >&2
  exit 1
fi
# The mapping is checked against the data: an image said to be removed that still has a
# library file (or a product file that does not exist) must stop the generator.
printf 'python\tpython\tremoved\n' > "$work/bad-status.tsv"
printf 'python\tno-such-product\tlisted\n' > "$work/bad-product.tsv"
for bad in bad-status bad-product; do
  if "$python" "$source_dir/scripts/derive-catalog.py" --shared "$shared" \
      --mapping "$work/$bad.tsv" --output "$work/$bad.inc" 2>/dev/null; then
    echo "derive-catalog.py accepted the inconsistent mapping $bad.tsv" >&2
    exit 1
  fi
done
echo "catalog_data.inc is up to date; inconsistent mappings are rejected"
