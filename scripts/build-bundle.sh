#!/usr/bin/env bash
# Builds the bundled snapshot (data/snapshot.db.xz) from the real public data in ../shared/data,
# with elscope's own importers, so that a fresh machine without network has real figures at once.
# Usage: scripts/build-bundle.sh [path to shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${1:-../shared/data}"
[ -d "$SHARED" ] || { echo "build-bundle: no shared data at $SHARED" >&2; exit 1; }
./scripts/setup.sh >/dev/null
DB="$(mktemp -d)/snapshot.db"
e() { node bin/elscope.js --db "$DB" "$@"; }

# Release dates: each distribution's own table, endoflife.date's release data and product pages.
e import almalinux-release-notes "$SHARED/almalinux-wiki/release-notes-README.md" --distro almalinux --label "AlmaLinux/wiki docs/release-notes/README.md"
e import rocky-version-table "$SHARED/rocky-wiki/version.md" --distro rocky --label "rocky-linux/wiki.rockylinux.org docs/rocky/version.md"
e import endoflife-release-data "$SHARED/endoflife/release-data/almalinux.json" --distro almalinux --label "endoflife-date/release-data @f626bdef releases/almalinux.json"
e import endoflife-release-data "$SHARED/endoflife/release-data/rocky-linux.json" --distro rocky --label "endoflife-date/release-data @f626bdef releases/rocky-linux.json"
e import endoflife-release-data "$SHARED/endoflife/release-data/oracle-linux.json" --distro oracle --label "endoflife-date/release-data @f626bdef releases/oracle-linux.json"
e import endoflife-release-data "$SHARED/endoflife/release-data/redhat.json" --distro rhel --label "endoflife-date/release-data @f626bdef releases/redhat.json" 2>/dev/null
e import endoflife-product "$SHARED/endoflife/products/almalinux.yaml.md" --distro almalinux --label "endoflife-date/endoflife.date @a70eca33 products/almalinux.md"
e import endoflife-product "$SHARED/endoflife/products/rocky-linux.yaml.md" --distro rocky --label "endoflife-date/endoflife.date @a70eca33 products/rocky-linux.md"
e import endoflife-product "$SHARED/endoflife/products/oracle-linux.yaml.md" --distro oracle --label "endoflife-date/endoflife.date @a70eca33 products/oracle-linux.md"
e import endoflife-product "$SHARED/endoflife/products/rhel.yaml.md" --distro rhel --label "endoflife-date/endoflife.date @a70eca33 products/rhel.md"
e import endoflife-product "$SHARED/endoflife/products/centos-stream.yaml.md" --distro centos-stream --label "endoflife-date/endoflife.date @a70eca33 products/centos-stream.md"
# The product pages' git history: every minor that was ever a major's `latest` (RHEL 9.4 onwards), each with its commit.
e import endoflife-product "$SHARED/endoflife-products-history.bundle" --label "endoflife-date/endoflife.date @a70eca33 (history of products/*.md)" 2>/dev/null

# Advisories with their git history (AlmaLinux/osv-database @948f47aa).
e import osv "$SHARED/almalinux-osv-database.bundle" --distro almalinux --label "AlmaLinux/osv-database @948f47aa"

# The AlmaLinux mirror list (AlmaLinux/mirrors @86a29bb8, as of its newest history point) and its growth.
e import almalinux-mirrors "$SHARED/almalinux-mirrors" --distro almalinux --as-of 2026-07-15 --label "AlmaLinux/mirrors @86a29bb8" 2>/dev/null
e import mirror-count-history "$SHARED/almalinux-mirrors/count-history.csv" --distro almalinux --label "AlmaLinux/mirrors git history (mirrors.d files per month)"

# AlmaLinux's official AMI lists, as of their newest image (10.2.20260817).
e import almalinux-ami-csv "$SHARED/almalinux-wiki/aws_amis_9.csv" --distro almalinux --as-of 2026-08-17 --label "AlmaLinux/wiki aws_amis_9.csv"
e import almalinux-ami-csv "$SHARED/almalinux-wiki/aws_amis_10.csv" --distro almalinux --as-of 2026-08-17 --label "AlmaLinux/wiki aws_amis_10.csv"

# Popularity points from the repository's own data files (data/popularity/<distro>.csv), each point
# with the page it was read from and that page's date.
for f in data/popularity/*.csv; do
  e import popularity-csv "$f" --distro "$(basename "$f" .csv)"
done

node -e 'const D=require("better-sqlite3");const d=new D(process.argv[1]);d.pragma("journal_mode = DELETE");d.exec("VACUUM");d.close()' "$DB"
# xz keeps it under 2 MiB in git (gzip: 2.6 MiB); setup installs xz-utils, which seeding uses.
xz -9e -c "$DB" > data/snapshot.db.xz.tmp
mv data/snapshot.db.xz.tmp data/snapshot.db.xz
rm -rf "$(dirname "$DB")"
ls -l data/snapshot.db.xz
