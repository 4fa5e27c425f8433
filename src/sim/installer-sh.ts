/** The fake install.sh the harness's `curl` serves: installer.sh's shape, the simulator doing the work. */
import { ROOT_NEEDED, completeText } from './install.js';

/**
 * The fake install.sh served by the harness's `curl` (POSIX sh). `simCtl` is the command that runs
 * the simulator's helper: `installer-detect` and `installer-apply`.
 */
export function installerScript(simCtl: string): string {
  return `#!/bin/sh
# meshtui test double of https://tailscale.com/install.sh (same texts and exit codes).
set -eu
main() {
	DETECTED=$(${simCtl} installer-detect) || { printf '%s\\n' "$DETECTED"; exit 1; }
	eval "$DETECTED"
	CAN_ROOT=
	SUDO=
	if [ "$(id -u)" = 0 ]; then
		CAN_ROOT=1
		SUDO=""
	elif type sudo >/dev/null; then
		CAN_ROOT=1
		SUDO="sudo"
	elif type doas >/dev/null; then
		CAN_ROOT=1
		SUDO="doas"
	fi
	if [ "$CAN_ROOT" != "1" ]; then
		printf '%s' ${shq(ROOT_NEEDED)}
		exit 1
	fi
	OSVERSION="$OS"
	[ "$VERSION" != "" ] && OSVERSION="$OSVERSION $VERSION"
	echo "Installing Tailscale for $OSVERSION, using method $PACKAGETYPE"
	$SUDO ${simCtl} installer-apply "$OS" "$VERSION" "$PACKAGETYPE" "$SUDO"
	if [ -z "$SUDO" ]; then
		printf '%s' ${shq(completeText(false))}
	else
		printf '%s' ${shq(completeText(true))}
	fi
}

main
`;
}

function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
