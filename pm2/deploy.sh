#!/usr/bin/env bash
# Deploys Kodus to a PM2 host, one release folder per deploy, and rolls back to the previous one.
#
#   pm2/deploy.sh deploy --repo https://github.com/ORG/kodus.git --ref v1.4.0
#   pm2/deploy.sh deploy --tarball kodus-1.4.0.tar.gz      # a source archive (git archive, a GitHub release)
#   pm2/deploy.sh rollback                                  # back to the release before the current one
#                                                           # (which is then removed)
#   pm2/deploy.sh releases                                  # list them, * marks the current one
#
# Layout under KODUS_DEPLOY_ROOT (default /srv/kodus): releases/<id>/ (one per deploy), current -> the
# release PM2 runs, shared/turbo-cache (build outputs reused across releases).
# A deploy: fetch into releases/<id> → npm ci → build the apps → npm run migrate (once, before any app
# moves) → switch `current` → `pm2 reload` (cluster apps replace one instance at a time, each new one
# taking traffic only once it sends `ready`: no request is refused) → wait for /health/ready.
# The apps' environment comes from KODUS_ENV_FILE (default /etc/kodus.env), read on every deploy, and
# KODUS_REVISION is the release's revision (the apps report it: /health/live, kodus_build_info).
# A rollback switches `current` back and reloads; it does not undo migrations, so each migration must
# keep the release before it working (add a column now, drop the old one a release later).
#
# Options: --root DIR (KODUS_DEPLOY_ROOT), --env-file FILE (KODUS_ENV_FILE), --keep N (releases kept,
# default 5), --source DIR (a local checkout instead of --repo/--tarball), --skip-install (no npm ci:
# hard-link node_modules from the --source or from the current release, whose package-lock.json must
# match; for hosts that deploy often without dependency changes, and for the tests).
set -euo pipefail

die() {
  echo "pm2/deploy: $*" >&2
  exit 1
}
say() { echo "pm2/deploy: $*" >&2; }

command=${1:-}
[ -n "$command" ] && shift
root=${KODUS_DEPLOY_ROOT:-/srv/kodus}
env_file=${KODUS_ENV_FILE:-/etc/kodus.env}
keep=5
repo='' ref='' tarball='' source='' skip_install=false
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$2 && shift 2 ;;
    --env-file) env_file=$2 && shift 2 ;;
    --keep) keep=$2 && shift 2 ;;
    --repo) repo=$2 && shift 2 ;;
    --ref) ref=$2 && shift 2 ;;
    --tarball) tarball=$2 && shift 2 ;;
    --source) source=$2 && shift 2 ;;
    --skip-install) skip_install=true && shift ;;
    *) die "unknown option $1 (see the top of pm2/deploy.sh)" ;;
  esac
done
[[ $keep =~ ^[0-9]+$ ]] && [ "$keep" -ge 2 ] || die "--keep must be a number, at least 2"
root=$(realpath -m "$root")
releases=$root/releases
APPS=(kodus-webhook kodus-api kodus-worker)

pm2_cli() {
  if [ -n "${PM2:-}" ]; then "$PM2" "$@"; elif command -v pm2 >/dev/null; then pm2 "$@"; else
    "$root/current/node_modules/.bin/pm2" "$@"
  fi
}

load_env() {
  [ -f "$env_file" ] || die "no environment file $env_file (see .env.example; --env-file to use another)"
  set -a
  # shellcheck disable=SC1090 # the operator's file
  . "$env_file"
  set +a
}

# Releases, oldest first (ids start with a UTC timestamp).
list_releases() {
  [ -d "$releases" ] || return 0
  find "$releases" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*' -printf '%f\n' | sort
}
current_release() { [ -L "$root/current" ] && basename "$(readlink "$root/current")"; }

# Every node_modules folder of `from` (root and workspaces), hard-linked into `to`.
link_node_modules() {
  local from=$1 to=$2 dir
  [ -d "$from/node_modules" ] || die "--skip-install: $from has no node_modules"
  while IFS= read -r dir; do
    if [ -d "$to/$(dirname "$dir")" ]; then cp -al "$from/$dir" "$to/$dir"; fi
  done < <(cd "$from" && find . -name node_modules -type d -prune -not -path './.git/*')
}

fetch() {
  local dir=$1
  mkdir -p "$dir"
  if [ -n "$repo" ]; then
    [ -n "$ref" ] || die "--repo needs --ref (a branch, tag or commit)"
    git -C "$dir" init -q
    git -C "$dir" fetch -q --depth 1 "$repo" "$ref"
    git -C "$dir" -c advice.detachedHead=false checkout -q FETCH_HEAD
  elif [ -n "$tarball" ]; then
    tar -xzf "$tarball" -C "$dir"
    # A GitHub release archive holds one top folder: the release is its content.
    if [ ! -f "$dir/package.json" ] && [ "$(find "$dir" -mindepth 1 -maxdepth 1 | wc -l)" = 1 ]; then
      local top
      top=$(find "$dir" -mindepth 1 -maxdepth 1)
      find "$top" -mindepth 1 -maxdepth 1 -exec mv -t "$dir" {} +
      rmdir "$top"
    fi
  elif [ -n "$source" ]; then
    tar -C "$source" --exclude=node_modules --exclude=./.git --exclude=dist --exclude=.turbo -cf - . | tar -C "$dir" -xf -
  else
    die "deploy needs --repo URL --ref REF, --tarball FILE or --source DIR"
  fi
  [ -f "$dir/package.json" ] && [ -f "$dir/pm2/ecosystem.config.js" ] || die "$dir is not a Kodus release"
}

install_and_build() {
  local dir=$1 previous
  if [ "$skip_install" = true ]; then
    if [ -n "$source" ]; then
      link_node_modules "$source" "$dir"
    else
      previous=$(current_release) || die "--skip-install: no current release to take node_modules from"
      cmp -s "$releases/$previous/package-lock.json" "$dir/package-lock.json" ||
        die "--skip-install: package-lock.json changed since $previous, run without it"
      link_node_modules "$releases/$previous" "$dir"
    fi
  else
    (cd "$dir" && npm ci --no-audit --no-fund) >&2
  fi
  # Only what PM2 runs: the three apps and the packages they depend on (not ecs/infra, ecs/move).
  (cd "$dir" && npm run build -- --filter='./apps/*...' --cache-dir="$root/shared/turbo-cache" \
    --output-logs=errors-only) >&2
}

switch_to() {
  ln -sfn "releases/$1" "$root/current.next"
  mv -T "$root/current.next" "$root/current"
  # The apps say which build they run (/health/live, kodus_build_info): the release's revision.
  export KODUS_REVISION="${1#*-}"
}

# Starts the apps, or reloads them when they run. They run from the `current` symlink path (--cwd), so
# a reload after a switch spawns the release it now points at.
reload_apps() {
  local running
  pm2_cli ping >/dev/null # starts the daemon if needed: its banner must not mix with jlist's JSON
  running=$(pm2_cli jlist | node -e '
    const apps = new Set(process.argv.slice(1));
    const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const p of list) if (apps.has(p.name)) console.log(p.pm2_env.pm_cwd);
  ' "${APPS[@]}")
  if [ -n "$running" ] && grep -qvxF "$root/current" <<<"$running"; then
    die "the Kodus apps run from $(grep -vxF "$root/current" <<<"$running" | head -1), not $root/current:" \
      "stop them once (pm2 delete pm2/ecosystem.config.js), then deploy"
  fi
  (cd "$root/current" &&
    pm2_cli startOrReload pm2/ecosystem.config.js --env production --cwd "$root/current" --update-env) >&2
  pm2_cli save >/dev/null 2>&1 || true
}

# /health/ready 200 from both HTTP apps and the worker's health command, within 60 s.
wait_healthy() {
  (cd "$root/current" && node -e '
    const { spawnSync } = require("node:child_process");
    const host = ["", "0.0.0.0", "::"].includes(process.env.HOST ?? "") ? "127.0.0.1" : process.env.HOST;
    const urls = [process.env.WEBHOOK_PORT || 3332, process.env.API_PORT || 3331].map(
      (port) => `http://${host.includes(":") ? `[${host}]` : host}:${port}/health/ready`);
    const worker = () => spawnSync(process.execPath, ["apps/worker/dist/health.js"],
      { env: { ...process.env, COMPONENT_TYPE: "worker" } }).status === 0;
    const ok = async (url) => (await fetch(url).catch(() => undefined))?.status === 200;
    (async () => {
      for (const deadline = Date.now() + 60000; Date.now() < deadline; ) {
        if ((await Promise.all(urls.map(ok))).every(Boolean) && worker()) process.exit(0);
        await new Promise((r) => setTimeout(r, 500));
      }
      console.error("pm2/deploy: not healthy after 60 s: " + urls.join(", ") + ", worker health");
      process.exit(1);
    })();
  ')
}

prune() {
  local current
  current=$(current_release)
  list_releases | head -n "-$keep" | while IFS= read -r old; do
    if [ "$old" != "$current" ]; then rm -rf "${releases:?}/$old" && say "removed release $old"; fi
  done
}

deploy() {
  load_env
  mkdir -p "$releases" "$root/shared"
  local stamp id revision
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  incoming=$(mktemp -d "$releases/.incoming-XXXXXX")
  trap 'rm -rf "$incoming"' EXIT
  fetch "$incoming"
  if [ -d "$incoming/.git" ]; then
    revision=$(git -C "$incoming" rev-parse --short HEAD)
  elif [ -n "$source" ] && [ -e "$source/.git" ]; then
    revision=$(git -C "$source" rev-parse --short HEAD)
  else
    revision=$(sha256sum "${tarball:-/dev/null}" | cut -c1-8)
  fi
  id=$stamp-$revision
  [ ! -e "$releases/$id" ] || die "release $id exists"
  say "release $id: install and build"
  install_and_build "$incoming"
  mv "$incoming" "$releases/$id"
  trap - EXIT
  say "release $id: migrate"
  (cd "$releases/$id" && npm run migrate --silent) >&2
  switch_to "$id"
  say "release $id: reload"
  reload_apps
  if ! wait_healthy; then
    say "release $id is not healthy: run 'pm2/deploy.sh rollback' to go back, or fix and deploy again"
    exit 1
  fi
  prune
  say "release $id is live"
  echo "$id"
}

rollback() {
  load_env
  local current previous
  current=$(current_release) || die "no current release under $root"
  previous=$(list_releases | grep -B1 -xF "$current" | head -1)
  [ -n "$previous" ] && [ "$previous" != "$current" ] || die "no release before $current to roll back to"
  switch_to "$previous"
  say "rolled back from $current to $previous: reload"
  reload_apps
  wait_healthy
  # Like Capistrano: the release rolled back from goes, so the next rollback never lands on it.
  rm -rf "${releases:?}/$current"
  say "release $previous is live; removed $current"
  echo "$previous"
}

case $command in
  deploy) deploy ;;
  rollback) rollback ;;
  releases)
    current=$(current_release || true)
    list_releases | while IFS= read -r id; do echo "$([ "$id" = "$current" ] && echo '*' || echo ' ') $id"; done
    ;;
  *) die "usage: pm2/deploy.sh deploy|rollback|releases [options] (see the top of the file)" ;;
esac
