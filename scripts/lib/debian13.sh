# Second versions of the clients from Debian 13 (trixie), for scripts/setup. Source it after
# common.sh. The packages are fetched with `apt-get download` through an apt configuration of our
# own (sources list, lists and cache under $TOOLS_DIR/apt/, the system's Debian keyring) and
# unpacked with `dpkg -x`: the Debian 12 system's apt state and packages are never touched.
# shellcheck shell=bash

DEBIAN13_SUITE=trixie
DEBIAN13_APT="$TOOLS_DIR/apt"
DEBIAN13_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# package, upstream version we expect, the folder under $TOOLS_DIR/versions/, programs it ships.
# The programs are what the harness runs; the source package is read only (docs/clients.md).
DEBIAN13_PACKAGES=(
  "victoria-metrics 1.112.0 victoria-metrics-1.112.0 vmalert,vmagent,victoria-metrics,vmauth"
  "prometheus 2.53.3 prometheus-2.53.3 prometheus"
  "$VM_DEB_PACKAGE 1.112.0 victoriametrics-source-1.112.0 -"
)

# The Debian archive the system already uses (deb822 `URIs:` or one-line `deb` entries), so the
# second versions come from the same registry; RWCHAOS_DEBIAN_MIRROR overrides it.
system_debian_mirror() {
  if [[ -n "${RWCHAOS_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "$RWCHAOS_DEBIAN_MIRROR"
    return
  fi
  local mirror
  mirror="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '$1 == "URIs:" { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')"
  if [[ -z $mirror ]]; then
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian\/?$/) { print $i; exit } }')"
  fi
  printf '%s\n' "${mirror:-http://deb.debian.org/debian}"
}

# apt-get/apt-cache with our own configuration: only trixie's main, our own lists, cache and an
# empty dpkg status, so nothing the system has installed is read or written.
debian13_apt() {
  local tool="$1"; shift
  "$tool" -q \
    -o Dir::Etc::SourceList="$DEBIAN13_APT/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
    -o Dir::State="$DEBIAN13_APT/state" -o Dir::State::Lists="$DEBIAN13_APT/lists" \
    -o Dir::State::status="$DEBIAN13_APT/state/status" -o Dir::Cache="$DEBIAN13_APT/cache" \
    -o Debug::NoLocking=true -o APT::Sandbox::User="$(id -un)" \
    -o APT::Update::Error-Mode=any -o Acquire::Retries=1 -o Acquire::http::Timeout=20 \
    "$@"
}

debian13_apt_update() {
  local mirror
  mirror="$(system_debian_mirror)"
  mkdir -p "$DEBIAN13_APT/lists/partial" "$DEBIAN13_APT/cache/archives/partial" "$DEBIAN13_APT/state"
  : >"$DEBIAN13_APT/state/status"
  printf 'deb [signed-by=%s] %s %s main\n' "$DEBIAN13_KEYRING" "$mirror" "$DEBIAN13_SUITE" \
    >"$DEBIAN13_APT/sources.list"
  log "reading Debian 13 ($DEBIAN13_SUITE) package lists from $mirror (own apt configuration in $DEBIAN13_APT)"
  debian13_apt apt-get update >"$DEBIAN13_APT/update.log" 2>&1 ||
    die "cannot read $DEBIAN13_SUITE's package lists from $mirror (registry unreachable?): $(grep -m2 -E '^(E|W):' "$DEBIAN13_APT/update.log" | tr '\n' ' ')"
}

# The stamp of one unpacked package: its Debian version. Rerun is quick when it is there.
debian13_unpacked_version() { cat "$TOOLS_DIR/versions/$1/.deb-version" 2>/dev/null || true; }

# Downloads and unpacks one package into $TOOLS_DIR/versions/<folder>/ (`dpkg -x` tree: the
# programs in usr/bin/, the Go source in usr/share/gocode/).
debian13_fetch() {
  local package="$1" upstream="$2" folder="$3" candidate deb dest="$TOOLS_DIR/versions/$3" tmp
  candidate="$(debian13_apt apt-cache policy "$package" | awk '$1 == "Candidate:" { print $2 }')"
  [[ -n $candidate && $candidate != "(none)" ]] || die "$package is not in $DEBIAN13_SUITE's package lists"
  [[ $candidate == "$upstream"+* || $candidate == "$upstream"-* ]] ||
    die "$DEBIAN13_SUITE's $package is $candidate, not $upstream: update DEBIAN13_PACKAGES in scripts/lib/debian13.sh and docs/clients.md"
  mkdir -p "$DEBIAN13_APT/debs"
  rm -f "$DEBIAN13_APT/debs/${package}"_*.deb
  log "apt-get download $package=$candidate ($DEBIAN13_SUITE)"
  (cd "$DEBIAN13_APT/debs" && debian13_apt apt-get download "$package=$candidate" >"$DEBIAN13_APT/download.log" 2>&1) ||
    die "cannot download $package=$candidate: $(grep -m2 -E '^(E|W):' "$DEBIAN13_APT/download.log" | tr '\n' ' ')"
  deb="$(find "$DEBIAN13_APT/debs" -maxdepth 1 -name "${package}_*.deb" | head -n1)"
  [[ -n $deb ]] || die "apt-get download left no ${package}_*.deb in $DEBIAN13_APT/debs"
  tmp="$(mktemp -d "$TOOLS_DIR/versions/.unpack.XXXXXX")"
  dpkg -x "$deb" "$tmp" || die "dpkg -x $deb failed"
  rm -rf "$dest" && mv "$tmp" "$dest"
  printf '%s\n' "$candidate" >"$dest/.deb-version"
  rm -f "$deb"  # the unpacked tree is what we keep; the .deb is 40 MB
}

# Every Debian 13 package unpacked at the expected version; apt runs only when one is missing.
fetch_debian13_versions() {
  local entry package upstream folder programs missing=()
  mkdir -p "$TOOLS_DIR/versions"
  for entry in "${DEBIAN13_PACKAGES[@]}"; do
    read -r package upstream folder programs <<<"$entry"
    local have
    have="$(debian13_unpacked_version "$folder")"
    [[ $have == "$upstream"+* || $have == "$upstream"-* ]] || missing+=("$entry")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "Debian 13 versions are unpacked in $TOOLS_DIR/versions"
    return 0
  fi
  debian13_apt_update
  for entry in "${missing[@]}"; do
    read -r package upstream folder programs <<<"$entry"
    debian13_fetch "$package" "$upstream" "$folder"
  done
}

# Each Debian 13 program starts on this system (glibc, libzstd): -version exits 0.
check_debian13_programs() {
  local entry package upstream folder programs program path
  for entry in "${DEBIAN13_PACKAGES[@]}"; do
    read -r package upstream folder programs <<<"$entry"
    [[ $programs == - ]] && continue
    for program in ${programs//,/ }; do
      path="$TOOLS_DIR/versions/$folder/usr/bin/$program"
      [[ -x $path ]] || die "$path is missing after unpacking $package"
      "$path" "$(version_flag "$program")" >/dev/null 2>&1 ||
        die "$path does not run here: $("$path" "$(version_flag "$program")" 2>&1 | head -n1)"
    done
  done
}
