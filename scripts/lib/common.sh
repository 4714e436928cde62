# Shared helpers for scripts/*. Source it; it sets REPO_ROOT and TOOLS_DIR.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${RWCHAOS_TOOLS_DIR:-$REPO_ROOT/.tools}"
# The programs the harness runs, all linked or built into $TOOLS_DIR/bin.
PROGRAMS=(vmalert vmagent victoria-metrics prometheus haproxy)
# Debian's packaged VictoriaMetrics source (GOPATH layout, see scripts/setup).
VM_DEB_PACKAGE=golang-github-victoriametrics-victoriametrics-dev
VM_GOPATH=/usr/share/gocode
VM_IMPORT=github.com/VictoriaMetrics/VictoriaMetrics

# What the first build costs, measured (docs/performance.md "The cold build"); said before it starts.
COLD_BUILD_NOTE="about 7 min for everything on 2 idle cores without ccache, about 3 for rwchaos alone"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 2; }

# The packages of a list file (scripts/lib/packages-*.txt), one per line: `#` comments dropped.
package_list() { sed 's/#.*//' "$1" | tr -s ' \t' '\n' | sed '/^$/d'; }

# The flag each program answers with its version (VictoriaMetrics: lib/buildinfo's -version).
version_flag() {
  case "$1" in
    prometheus) echo --version ;;
    haproxy) echo -v ;;
    *) echo -version ;;
  esac
}

# Installed version of a Debian package, empty when it is not installed.
deb_version() {
  dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
    awk '$1 == "install" && $3 == "installed" { print $4 }'
}

# The stamp that says which source and toolchain built .tools/bin (rebuild when it changes).
tools_stamp() {
  printf 'vm=%s go=%s\n' "$(deb_version "$VM_DEB_PACKAGE")" "$(deb_version golang-go)"
}

# Cheap check used by scripts/test and scripts/demo: are all programs there, from this source?
setup_needed() {
  local program
  for program in "${PROGRAMS[@]}"; do
    [[ -x "$TOOLS_DIR/bin/$program" ]] || return 0
  done
  [[ -s "$TOOLS_DIR/versions.json" ]] || return 0
  # The second versions from Debian 13 (scripts/lib/debian13.sh) and their entries in versions.json.
  [[ -x "$TOOLS_DIR/versions/victoria-metrics-1.112.0/usr/bin/vmalert" ]] || return 0
  [[ -x "$TOOLS_DIR/versions/prometheus-2.53.3/usr/bin/prometheus" ]] || return 0
  grep -q '"programs"' "$TOOLS_DIR/versions.json" || return 0
  [[ "$(cat "$TOOLS_DIR/stamp" 2>/dev/null)" == "$(tools_stamp)" ]] || return 0
  return 1
}

ensure_setup() {
  if setup_needed; then
    log "tools missing or stale: running scripts/setup"
    "$REPO_ROOT/scripts/setup"
  fi
}

# configure BUILD_DIR [extra cmake args...]: once (or again when args are given). ccache, when
# installed (scripts/setup installs it), makes a rebuild of unchanged files nearly free.
configure() {
  local build_dir="$1"; shift
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [[ ! -f "$build_dir/CMakeCache.txt" || $# -gt 0 ]]; then
    cmake -S "$REPO_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null ||
      die "cmake configure failed in $build_dir"
  fi
}

# build BUILD_DIR [target...]: an incremental build with cmake's own progress lines; says up front
# when this is the first build, which takes minutes (docs/performance.md "The cold build").
build() {
  local build_dir="$1"; shift
  local targets=() target
  for target in "$@"; do targets+=(--target "$target"); done
  [[ -x "$build_dir/harness/rwchaos" ]] ||
    log "first build in $build_dir: several minutes on 2 cores (${COLD_BUILD_NOTE}); later builds only redo what changed"
  cmake --build "$build_dir" -j"${RWCHAOS_JOBS:-2}" "${targets[@]}" || die "build failed (cmake --build $build_dir ${targets[*]})"
}

# configure_and_build BUILD_DIR [extra cmake args...]: everything, tests included (scripts/test).
configure_and_build() {
  local build_dir="$1"; shift
  configure "$build_dir" "$@"
  build "$build_dir"
}

# build_rwchaos: configure once and build only the rwchaos binary (no tests) in
# ${RWCHAOS_BUILD_DIR:-build}, its progress on stderr; prints its path.
build_rwchaos() {
  local build_dir="${RWCHAOS_BUILD_DIR:-$REPO_ROOT/build}"
  configure "$build_dir"
  build "$build_dir" rwchaos >&2
  printf '%s\n' "$build_dir/harness/rwchaos"
}
