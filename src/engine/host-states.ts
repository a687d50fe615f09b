/**
 * Where each host of a play stands, and the one place that changes it. A host is active until it
 * fails for good, becomes unreachable or is ended (meta: end_host); failed and unreachable hosts also
 * leave the run (later plays do not take them) and their handler notifications are dropped. Within a
 * serial batch, the hosts whose failure stands (neither rescued nor ignored) are counted for
 * any_errors_fatal and max_fail_percentage.
 */

/** Why a host runs nothing more in this play (no state: it is active). */
export type HostPlayState = 'failed' | 'unreachable' | 'ended';

/** The run-wide record of hosts that left: later plays select neither. */
export interface HostsGone {
  failed: Set<string>;
  unreachable: Set<string>;
}

export class HostStates {
  private readonly state = new Map<string, HostPlayState>();
  private batchFailed = new Set<string>();
  /** How many times meta: clear_host_errors ran in this play. */
  private clears = 0;
  /** Hosts whose failure inside a block is on its way out (to an always section or the play's end): the clears count when it happened. */
  private pending = new Map<string, number>();

  constructor(
    private readonly gone: HostsGone,
    /** Forget the handler notifications of a host that left the play (they do not run). */
    private readonly dropNotifications: (host: string) => void,
  ) {}

  /** Still running this play's tasks. */
  isActive(host: string): boolean {
    return !this.state.has(host);
  }

  /** Counted in play_hosts and ansible_play_batch: active, or ended by meta: end_host. */
  inPlay(host: string): boolean {
    const s = this.state.get(host);
    return s === undefined || s === 'ended';
  }

  get(host: string): HostPlayState | undefined {
    return this.state.get(host);
  }

  /** Failed or unreachable (an ended host is neither). */
  isGone(host: string): boolean {
    const s = this.state.get(host);
    return s === 'failed' || s === 'unreachable';
  }

  /** A new serial batch: none of its hosts has failed in it yet. */
  newBatch(): void {
    this.batchFailed = new Set();
  }

  /** A failure that stands in this batch: neither rescued nor ignored. */
  failInBatch(host: string): void {
    this.batchFailed.add(host);
  }

  failedInBatch(host: string): boolean {
    return this.batchFailed.has(host);
  }

  /** How many hosts of this batch have a failure that stands. */
  batchFailures(): number {
    return this.batchFailed.size;
  }

  /** The host cannot be reached: it leaves the play and the run. */
  unreachable(host: string): void {
    this.state.set(host, 'unreachable');
    this.gone.unreachable.add(host);
    this.dropNotifications(host);
  }

  /** A failure reached the top of the play: the host leaves the play and the run (an unreachable one stays so). */
  fail(host: string): void {
    if (this.state.get(host) === 'unreachable') return;
    this.state.set(host, 'failed');
    this.gone.failed.add(host);
    this.dropNotifications(host);
  }

  /** any_errors_fatal or max_fail_percentage: every host of the batch without a state fails with the play. */
  failWithPlay(batch: string[]): void {
    for (const h of batch) {
      if (this.state.has(h)) continue;
      this.state.set(h, 'failed');
      this.gone.failed.add(h);
    }
  }

  /** meta: end_host: the host runs nothing more in this play (it is not failed). */
  end(host: string): void {
    this.state.set(host, 'ended');
  }

  /**
   * meta: clear_host_errors, as Ansible: failed hosts stop being failed (later plays take them again,
   * the batch is not "all failed"), but they do not resume this play's tasks; a failure still inside
   * a block is forgotten (see forgiven).
   */
  clearErrors(hosts: string[]): void {
    this.clears++;
    for (const h of hosts) {
      this.batchFailed.delete(h);
      if (this.state.get(h) !== 'failed') continue;
      this.state.set(h, 'ended');
      this.gone.failed.delete(h);
    }
  }

  /** The host failed inside a block (its first failure there counts; see forgiven). */
  failedInBlock(host: string): void {
    if (!this.pending.has(host)) this.pending.set(host, this.clears);
  }

  /** The host's failure inside a block was handled (a rescue runs for it, or it was forgiven). */
  resumed(host: string): void {
    this.pending.delete(host);
  }

  /**
   * Has meta: clear_host_errors run since the host failed inside a block? Then, as Ansible's play
   * iterator (whose failure state it clears), the host goes on after the always section it reaches.
   */
  forgiven(host: string): boolean {
    const at = this.pending.get(host);
    return at !== undefined && at < this.clears;
  }
}
