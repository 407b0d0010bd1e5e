#!/bin/bash
# Installs ticket-kiosk on Debian / Raspberry Pi OS from this built checkout (docs/deploy.md):
#   /opt/ticket-kiosk                 the app (dist/ and the production node_modules), replaced whole
#   /etc/ticket-kiosk/config.json     from systemd/config.jsonc, only when absent (kept on upgrade)
#   /var/lib/ticket-kiosk             the journal: created, never touched (not even by --uninstall)
#   /usr/local/lib/systemd/system     ticket-kiosk.service (+ console.conf), ticket-kiosk-central.service
#   /etc/udev/rules.d/99-ticket-kiosk.rules, /etc/pam.d/ticket-kiosk, /usr/local/bin/ticket-kiosk
#   the system user ticket-kiosk, in the groups dialout, lp and gpio; Debian packages it runs with
# Running it again upgrades in place and changes nothing else; every step checks before it acts.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: sudo systemd/install.sh [options]

  --no-console           no screen: the kiosk runs headless (ui.kind none); no cage, foot or PAM
  --central              also enable and start the reference central service on this machine
  --scanner-usb VID:PID  USB ids of the QR scanner, for /dev/ticket-scanner (lsusb shows them)
  --printer-usb VID:PID  USB ids of the receipt printer, for /dev/ticket-printer
  --no-start             install and enable, but start nothing now
  --root DIR             install into DIR as if it were / (an image, or a throwaway root for tests):
                         the user is made with useradd --root and units enabled with systemctl
                         --root; steps that need the running system (apt-get, daemon-reload,
                         udevadm, starting services) are listed, not run
  --uninstall            remove the app, units, udev rules, PAM file and command; keep
                         /var/lib/ticket-kiosk (the journal), /etc/ticket-kiosk and the user
EOF
}

console=yes
central=no
start=yes
uninstall=no
root=""
scanner_usb=""
printer_usb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-console) console=no ;;
    --central) central=yes ;;
    --no-start) start=no ;;
    --uninstall) uninstall=yes ;;
    --root) root="${2:?--root needs a directory}"; shift ;;
    --scanner-usb) scanner_usb="${2:?--scanner-usb needs VID:PID}"; scanner_usb="${scanner_usb,,}"; shift ;;
    --printer-usb) printer_usb="${2:?--printer-usb needs VID:PID}"; printer_usb="${printer_usb,,}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for ids in "$scanner_usb" "$printer_usb"; do
  if [ -n "$ids" ] && ! [[ "$ids" =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$ ]]; then
    echo "install.sh: USB ids look like 1a86:7523 (lsusb shows them), not \"$ids\"" >&2
    exit 2
  fi
done
if [ -n "$root" ]; then
  root="$(cd "$root" && pwd)"
  if [ ! -f "$root/etc/passwd" ] || [ ! -f "$root/etc/group" ]; then
    echo "install.sh: $root has no etc/passwd and etc/group: give the root of a Debian system" >&2
    exit 2
  fi
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run it as root (sudo): it creates a system user and installs system files" >&2
  exit 1
fi

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
user=ticket-kiosk
app=/opt/ticket-kiosk
units=/usr/local/lib/systemd/system
etc=/etc/ticket-kiosk
data=/var/lib/ticket-kiosk
rules=/etc/udev/rules.d/99-ticket-kiosk.rules
pam=/etc/pam.d/ticket-kiosk
command=/usr/local/bin/ticket-kiosk

say() { printf 'install.sh: %s\n' "$*"; }

# A step that needs the running system: done live, listed under --root.
live() {
  if [ -n "$root" ]; then
    say "skipped (--root): $*"
  else
    "$@"
  fi
}

# The root-aware tools: useradd & co. and systemctl take --root themselves.
root_args=()
if [ -n "$root" ]; then root_args=("--root=$root"); fi

has_group() { grep -q "^$1:" "$root/etc/group"; }
has_user() { grep -q "^$1:" "$root/etc/passwd"; }
# Numeric ids from the target's own files, so --root works for a user the host does not have.
uid_of() { awk -F: -v name="$1" '$1 == name { print $3 }' "$root/etc/passwd"; }
gid_of() { awk -F: -v name="$1" '$1 == name { print $3 }' "$root/etc/group"; }

systemctl_root() { systemctl "${root_args[@]}" "$@"; }

uninstall() {
  if [ -z "$root" ]; then
    systemctl disable --now ticket-kiosk.service ticket-kiosk-central.service 2>/dev/null || true
  else
    systemctl_root disable ticket-kiosk.service ticket-kiosk-central.service 2>/dev/null || true
  fi
  rm -rf "$root$app" "$root$app.new" "$root$app.old" "$root$units/ticket-kiosk.service.d"
  rm -f "$root$units/ticket-kiosk.service" "$root$units/ticket-kiosk-central.service" \
    "$root$rules" "$root$pam" "$root$command"
  live systemctl daemon-reload
  live udevadm control --reload
  say "removed; kept $data (the journal), $etc and the user $user"
}

check_source() {
  if [ ! -f "$source_dir/dist/device/main.js" ] || [ ! -d "$source_dir/node_modules" ]; then
    echo "install.sh: build first, in $source_dir: npm ci && npm run build" >&2
    exit 1
  fi
}

check_node() {
  if [ -n "$root" ]; then return; fi
  local major
  major="$(/usr/bin/node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ne 20 ] && [ "$major" -lt 22 ]; then
    echo "install.sh: /usr/bin/node must be Node 20 or 22+ (docs/deploy.md installs Node 22)" >&2
    exit 1
  fi
}

# Debian packages the kiosk runs with: gpiod (gpioset, for feedback.kind gpio) and, for the
# screen, cage, foot and the Noto CJK fonts. Bookworm's cage refuses to start without the Xwayland
# binary although the package does not depend on it.
install_packages() {
  local wanted=(gpiod) missing=() package
  if [ "$console" = yes ]; then wanted+=(cage foot fonts-noto-cjk xwayland); fi
  if [ -n "$root" ]; then
    say "skipped (--root): apt-get install ${wanted[*]}"
    return
  fi
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

make_user() {
  has_group gpio || groupadd "${root_args[@]}" --system gpio
  if ! has_user "$user"; then
    useradd "${root_args[@]}" --system --user-group --home-dir "$data" --no-create-home \
      --shell /usr/sbin/nologin --comment "ticket-kiosk daemon" "$user"
  fi
  local groups=() group
  for group in dialout lp gpio video render input; do
    if has_group "$group"; then groups+=("$group"); fi
  done
  usermod "${root_args[@]}" --append --groups "$(IFS=,; echo "${groups[*]}")" "$user"
}

# The production dependencies, from the lockfile (no network, no npm): each top-level package not
# marked dev, copied whole (its nested node_modules are its own dependencies). `devOptional` is a
# dev package that a production one names only as an optional peer (typescript, for valibot's
# types): not needed at run time, so left out too. Their prebuilt
# native binaries include linux-arm and linux-arm64 (test/unit/armPrebuilds.test.ts), so a tree
# built on a PC runs on a Pi.
production_packages() {
  (cd "$source_dir" && node -e '
    const lock = require("./package-lock.json");
    for (const [path, entry] of Object.entries(lock.packages))
      if (/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev && !entry.devOptional) console.log(path);')
}

install_app() {
  local stage="$root$app.new" part
  rm -rf "$stage"
  mkdir -p "$stage/dist" "$stage/docs" "$stage/node_modules"
  cp -a "$source_dir/package.json" "$source_dir/package-lock.json" "$source_dir/README.md" \
    "$source_dir/examples" "$source_dir/systemd" "$stage/"
  [ -f "$source_dir/docs/deploy.md" ] && cp -a "$source_dir/docs/deploy.md" "$stage/docs/"
  # The compiled program, without its tests and benchmarks.
  for part in "$source_dir"/dist/*/; do
    case "$(basename "$part")" in test | bench) ;; *) cp -a "$part" "$stage/dist/" ;; esac
  done
  while read -r part; do
    if [ -d "$source_dir/$part" ]; then
      mkdir -p "$(dirname "$stage/$part")"
      cp -a "$source_dir/$part" "$stage/$part"
    fi
  done < <(production_packages)
  chown -R 0:0 "$stage"
  chmod -R u+rwX,go+rX,go-w "$stage"
  chmod 0755 "$stage/dist/device/main.js" "$stage/systemd/console-session" "$stage/systemd/install.sh" \
    "$stage/systemd/ticket-kiosk-command"
  # Every production dependency must load from the new tree before it replaces the old one; htmx is
  # a script the console serves to browsers (it needs a DOM), so it need only be there.
  (cd "$stage" && node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const browserOnly = new Set(["htmx.org"]);
    const { dependencies } = JSON.parse(readFileSync("package.json", "utf8"));
    for (const name of Object.keys(dependencies))
      if (browserOnly.has(name)) readFileSync(new URL(import.meta.resolve(`${name}/package.json`)));
      else await import(name);') ||
    { echo "install.sh: the new app in $stage does not load; the installed one is unchanged" >&2; exit 1; }

  # The daemon stops (finishing the redemption in progress) before its files change under it.
  if [ -z "$root" ] && systemctl is-active --quiet ticket-kiosk.service; then
    systemctl stop ticket-kiosk.service
  fi
  rm -rf "$root$app.old"
  if [ -d "$root$app" ]; then mv "$root$app" "$root$app.old"; fi
  mv "$stage" "$root$app"
  rm -rf "$root$app.old"
  install -D -m 0755 "$source_dir/systemd/ticket-kiosk-command" "$root$command"
}

install_config() {
  local uid gid
  uid="$(uid_of "$user")"
  gid="$(gid_of "$user")"
  install -d -m 0750 -o 0 -g "$gid" "$root$etc"
  if [ ! -f "$root$etc/config.json" ]; then
    grep -v '^[[:space:]]*//' "$source_dir/systemd/config.jsonc" >"$root$etc/config.json"
    if [ "$console" = no ]; then
      # No screen: nobody to ask, so each scan redeems one unit (a gate or turnstile).
      node -e '
        const fs = require("node:fs");
        const config = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        config.ui = { kind: "none", confirm: "auto" };
        fs.writeFileSync(process.argv[1], JSON.stringify(config, null, 2) + "\n");' "$root$etc/config.json"
    fi
    chown "0:$gid" "$root$etc/config.json"
    chmod 0640 "$root$etc/config.json"
    say "wrote $etc/config.json: set device.id, device.storeId and central.url, put the token in $etc/token and its PIN key in $data/pin.key (mode 0600)"
  fi
  # The journal's directory; what is inside belongs to the kiosk alone.
  install -d -m 0750 -o "$uid" -g "$gid" "$root$data"
}

install_units() {
  install -d -m 0755 "$root$units"
  install -m 0644 "$source_dir/systemd/ticket-kiosk.service" "$source_dir/systemd/ticket-kiosk-central.service" "$root$units/"
  if [ "$console" = yes ]; then
    install -d -m 0755 "$root$units/ticket-kiosk.service.d"
    install -m 0644 "$source_dir/systemd/console.conf" "$root$units/ticket-kiosk.service.d/console.conf"
    install -d -m 0755 "$root/etc/pam.d"
    install -m 0644 "$source_dir/systemd/ticket-kiosk.pam" "$root$pam"
  else
    rm -rf "$root$units/ticket-kiosk.service.d"
    rm -f "$root$pam"
  fi
  systemctl_root enable ticket-kiosk.service
  if [ "$central" = yes ]; then systemctl_root enable ticket-kiosk-central.service; fi
  live systemctl daemon-reload
}

# The ids the installed rules give a name (ticket-scanner, ticket-printer), as VID:PID.
installed_ids() {
  if [ -f "$root$rules" ]; then
    sed -n "s/.*ATTRS{idVendor}==\"\([^\"]*\)\", ATTRS{idProduct}==\"\([^\"]*\)\".*SYMLINK+=\"$1\".*/\1:\2/p" \
      "$root$rules" | head -n 1
  fi
}

# The rules name devices by USB ids: kept as edited, unless new ids are given here; then the file is
# written from the template again, with the ids given and the other device's ids as installed.
install_rules() {
  if [ -f "$root$rules" ] && [ -z "$scanner_usb$printer_usb" ]; then return; fi
  local scanner printer
  scanner="${scanner_usb:-$(installed_ids ticket-scanner)}"
  scanner="${scanner:-@SCANNER_VENDOR@:@SCANNER_PRODUCT@}"
  printer="${printer_usb:-$(installed_ids ticket-printer)}"
  printer="${printer:-@PRINTER_VENDOR@:@PRINTER_PRODUCT@}"
  install -d -m 0755 "$(dirname "$root$rules")"
  sed -e "s/@SCANNER_VENDOR@/${scanner%%:*}/g" -e "s/@SCANNER_PRODUCT@/${scanner##*:}/g" \
    -e "s/@PRINTER_VENDOR@/${printer%%:*}/g" -e "s/@PRINTER_PRODUCT@/${printer##*:}/g" \
    "$source_dir/systemd/99-ticket-kiosk.rules" >"$root$rules"
  chmod 0644 "$root$rules"
  live udevadm control --reload
  live udevadm trigger --action=add --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=gpio
}

if [ "$uninstall" = yes ]; then
  uninstall
  exit 0
fi
check_source
check_node
install_packages
make_user
install_app
install_config
install_units
install_rules
if [ "$start" = yes ]; then
  if [ "$central" = yes ]; then live systemctl restart ticket-kiosk-central.service; fi
  live systemctl restart ticket-kiosk.service
fi
say "installed $(node -p "require('$source_dir/package.json').version") to $root$app"
