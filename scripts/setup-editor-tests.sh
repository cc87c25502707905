#!/usr/bin/env bash
# Installs what the real-editor tests (test/integration, test/ui) need on a fresh Debian 12
# machine, as root, with only the npm registry and Debian's apt reachable:
#   - Debian packages: chromium (driven by playwright-core), ripgrep (pre-seeds the
#     @vscode/ripgrep download that would otherwise go to GitHub), libkrb5-dev + pkg-config
#     and a C++ toolchain (code-server's native modules are compiled from source),
#     poppler-utils (the export tests read the PDFs back), libreoffice-writer-nogui and its
#     French hyphenation dictionary hyphen-fr (test/unit/export-docx-libreoffice.test.ts opens
#     the Word export in LibreOffice headless; about 84 MB of packages without the recommended
#     ones, 20 s to 1 min 30 s to install),
#     neovim (0.7.2: test/neovim/run.mjs runs the language server under its LSP client; 16 s
#     to install on a loaded machine), emacs-nox and elpa-eglot (Emacs 28.2 with eglot 1.9:
#     test/emacs/run.mjs, the same under eglot);
#   - code-server (pinned, = VS Code 1.100.3 on Node 20) into .vscode-test/code-server,
#     in its own folder, not among the extension's dependencies.
# Idempotent: a second run only checks and returns in about a second.
# How it works: test/integration/README.md.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11                       # @vscode/ripgrep pinned by VS Code 1.100
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEST_DIR="$ROOT/.vscode-test"
CS_DIR="$TEST_DIR/code-server"
STAMP="$CS_DIR/.rapport-bts-installed-$CODE_SERVER_VERSION"

log() { printf '[setup-editor-tests] %s\n' "$*" >&2; }
start=$SECONDS

# --- 1. Debian packages -------------------------------------------------------------------
APT_PACKAGES=(chromium ripgrep libkrb5-dev pkg-config fonts-dejavu-core make g++ python3 ca-certificates poppler-utils libreoffice-writer-nogui hyphen-fr neovim emacs-nox elpa-eglot)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    # python3 may come from elsewhere (pyenv…): a working interpreter is enough for node-gyp.
    if [ "$p" = python3 ] && command -v python3 >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi
  log "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for cmd in chromium rg pkg-config make g++ pdfinfo soffice nvim emacs; do
  command -v "$cmd" >/dev/null 2>&1 || { log "missing command after install: $cmd"; exit 1; }
done

# --- 2. code-server -----------------------------------------------------------------------
if [ -f "$STAMP" ] && [ -f "$CS_DIR/lib/vscode/out/server-main.js" ] && [ -x "$CS_DIR/bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in .vscode-test/code-server ($((SECONDS - start)) s)"
  exit 0
fi

major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" != 20 ]; then
  log "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node -v))"
  exit 1
fi

# Pre-seed @vscode/ripgrep's download cache with Debian's rg: its postinstall finds the
# archive there and does not try to download it. The cache lives in os.tmpdir().
tmp_root="$(node -p 'require("os").tmpdir()')"
rg_cache="$tmp_root/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
if [ ! -s "$rg_cache/$RIPGREP_ASSET" ]; then
  log "pre-seeding the ripgrep cache in $rg_cache"
  work="$(mktemp -d)"
  cp "$(command -v rg)" "$work/rg"
  mkdir -p "$rg_cache"
  tar -czf "$rg_cache/$RIPGREP_ASSET.partial" -C "$work" rg
  mv "$rg_cache/$RIPGREP_ASSET.partial" "$rg_cache/$RIPGREP_ASSET"
  rm -rf "$work"
fi

export npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

log "installing code-server $CODE_SERVER_VERSION into .vscode-test/code-server"
rm -rf "$CS_DIR" "$CS_DIR.partial"
mkdir -p "$CS_DIR.partial"
pack_dir="$(mktemp -d)"
tarball="$(cd "$pack_dir" && npm pack --silent "code-server@$CODE_SERVER_VERSION" | tail -n 1)"
tar -xzf "$pack_dir/$tarball" -C "$CS_DIR.partial" --strip-components=1
rm -rf "$pack_dir"

# `npm ci` in the unpacked package installs its locked production dependencies
# (npm-shrinkwrap.json) and runs its postinstall, which installs lib/vscode and its
# built-in extensions (native modules compiled here).
# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm is set: set it
# for this one command only (npm itself no longer knows the setting and would warn about it).
( cd "$CS_DIR.partial" && npm_config_unsafe_perm=true npm ci --omit=dev --no-audit --no-fund --loglevel=error ) >&2

# The npm package has no bin/ launcher (the release archives do): add one.
mkdir -p "$CS_DIR.partial/bin"
cat > "$CS_DIR.partial/bin/code-server" <<'EOF'
#!/usr/bin/env sh
# Launcher for the npm-installed code-server (added by scripts/setup-editor-tests.sh).
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
exec node "$ROOT/out/node/entry.js" "$@"
EOF
chmod +x "$CS_DIR.partial/bin/code-server"

# The postinstall writes symlinks relative to their folder, so the tree can be moved.
mv "$CS_DIR.partial" "$CS_DIR"
# (--config: code-server would otherwise write a default config into ~/.config.)
printf 'auth: none\n' > "$CS_DIR/.version-check.yaml"
"$CS_DIR/bin/code-server" --config "$CS_DIR/.version-check.yaml" --version >&2
test -f "$CS_DIR/lib/vscode/out/server-main.js"
touch "$STAMP"
log "code-server $CODE_SERVER_VERSION installed ($((SECONDS - start)) s)"
