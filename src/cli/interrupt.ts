/**
 * Ctrl-C: the first SIGINT aborts the run (no new tasks start, running commands are signalled, the
 * recap is still printed, exit 99); a second one exits at once.
 */
export function interruptController(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\n[ERROR]: interrupted twice, exiting now\n');
      process.exit(99);
    }
    process.stderr.write('\n[WARNING]: interrupted: finishing the running commands, press Ctrl-C again to exit at once\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
