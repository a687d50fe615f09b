/**
 * What the nspawn modules' host scripts start with. TOOL_PATH: the system's tool directories, so
 * machinectl, debootstrap and friends are found whatever PATH the login gave. WATCHDOG: for long
 * remote scripts (debootstrap, machinectl transfers): when the SSH channel is gone (Ctrl-C with the
 * controller exiting at once, controller killed, connection lost) nobody would end the remote
 * process group, and a bootstrap would race the next run. The watchdog writes an empty line to
 * stderr every 2 s with SIGPIPE ignored; once the write fails the channel's pipe is closed, and it
 * sends TERM to its whole process group (the script, debootstrap or machinectl and their children;
 * their own traps clean up). The script's EXIT trap ends the watchdog, so a normal end does not
 * wait for it.
 */

/** Shell text setting PATH to the system's tool directories. */
export const TOOL_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH';

/** Shell lines to put at the start of a script (dash): starts the watchdog, ends it on exit. */
export const WATCHDOG = [
  "( trap '' PIPE; while sleep 2; do printf '\\n' >&2 || { kill -TERM 0; exit 0; }; done ) </dev/null >/dev/null &",
  'mx_wd=$!',
  "trap 'kill $mx_wd 2>/dev/null' EXIT",
].join('\n');
