/**
 * A guest path resolved as the guest itself would resolve it, from the host. Reading
 * `/var/lib/machines/NAME/etc/x` or `/proc/LEADER/root/etc/x` lets the kernel follow a guest's
 * ABSOLUTE symlinks from the host's / (seen on a lab host: a guest link /etc/mxlink -> /root/secret
 * made machine_copy copy, and print in its diff, the HOST's /root/secret). So every guest path is
 * first resolved component by component with the host's own `readlink`, absolute targets restarting
 * at the guest's root and `..` stopping there (chroot semantics), and only the resulting symlink-free
 * path is used under the root. Only host binaries run; nothing of the guest is executed.
 */

/**
 * Shell function (dash) `mx_resolve ROOT PATH`: prints PATH with every symlink inside the tree ROOT
 * resolved as the guest sees it ("/" for the root itself); a missing component ends the walk (the
 * rest is appended as is); fails after 40 links (a loop).
 */
export const GUEST_RESOLVE = [
  'mx_resolve() {',
  '  _r=$1; _rest=$2; _cur=; _n=0',
  '  while [ -n "$_rest" ]; do',
  '    while case "$_rest" in /*) true;; *) false;; esac; do _rest=${_rest#/}; done',
  '    [ -n "$_rest" ] || break',
  '    _c=${_rest%%/*}',
  '    case "$_rest" in */*) _rest=${_rest#*/};; *) _rest=;; esac',
  '    case "$_c" in',
  '      .) continue;;',
  '      ..) _cur=${_cur%/*}; continue;;',
  '    esac',
  '    if [ -L "$_r$_cur/$_c" ]; then',
  '      _n=$((_n + 1)); if [ "$_n" -gt 40 ]; then echo "too many levels of symbolic links in $2" >&2; return 1; fi',
  '      _t=$(readlink "$_r$_cur/$_c") || return 1',
  '      case "$_t" in /*) _cur=;; esac',
  '      _rest="$_t/$_rest"',
  '    else',
  '      _cur="$_cur/$_c"',
  '    fi',
  '  done',
  "  printf '%s\\n' \"${_cur:-/}\"",
  '}',
].join('\n');
