/**
 * What the client does when the language server's connection closes unexpectedly (client layer,
 * pure: no `vscode` import, tested under node --test). A crash restarts the server; the user is
 * told once per burst (crashes less than `burstGapMs` apart form one burst), not once per
 * restart; more than `maxRestarts` crashes within `windowMs` stop the restarts, and that is said
 * too. `reset()` (a manual `ESSH: Restart Server`) forgets the crashes.
 */

/** The decision for one crash. */
export interface CrashDecision {
	/** Restart the server (false: give up until the user restarts it). */
	restart: boolean;
	/** The message to show the user, or undefined to stay quiet (a restart inside a burst already announced). */
	notice: string | undefined;
}

export interface CrashPolicyOptions {
	maxRestarts: number;
	windowMs: number;
	burstGapMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicyOptions = { maxRestarts: 5, windowMs: 3 * 60 * 1000, burstGapMs: 3 * 60 * 1000 };

/** The notice shown on the first crash of a burst. */
export const RESTART_NOTICE = 'The ESSH language server stopped unexpectedly and was restarted. The ESSH output channel has its log.';

/** The notice shown when the client gives up. */
export function giveUpNotice(options: CrashPolicyOptions): string {
	return `The ESSH language server crashed ${options.maxRestarts + 1} times in ${Math.round(options.windowMs / 60000)} minutes and will not be restarted. Run "ESSH: Restart Server" to try again.`;
}

/** Counts crashes and decides, for each, whether to restart and whether to say so. */
export class CrashPolicy {
	private crashes: number[] = [];
	private lastCrash: number | undefined;
	private gaveUp = false;

	constructor(private readonly options: CrashPolicyOptions = DEFAULT_CRASH_POLICY) {}

	/** Records a crash at `now` (milliseconds) and decides what to do. */
	closed(now: number): CrashDecision {
		const startsBurst = this.lastCrash === undefined || now - this.lastCrash >= this.options.burstGapMs;
		this.lastCrash = now;
		this.crashes.push(now);
		this.crashes = this.crashes.filter(time => now - time < this.options.windowMs);
		if (this.gaveUp || this.crashes.length > this.options.maxRestarts) {
			const first = !this.gaveUp;
			this.gaveUp = true;
			return { restart: false, notice: first ? giveUpNotice(this.options) : undefined };
		}
		return { restart: true, notice: startsBurst ? RESTART_NOTICE : undefined };
	}

	/** Forgets every crash (the user restarted the server). */
	reset(): void {
		this.crashes = [];
		this.lastCrash = undefined;
		this.gaveUp = false;
	}
}
