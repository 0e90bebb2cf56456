// Progress for long runs on stderr: a redrawn bar on a terminal, a plain line every few seconds
// otherwise (CI logs, pipes), so a million-row job never looks hung and never floods a log.

import type { MatchProgress } from '../match/types.ts';

export interface ProgressReporter {
  update(progress: MatchProgress): void;
  done(): void;
}

const LINE_INTERVAL_MS = 5_000;
const BAR_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

export function createProgressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  enabled = true,
): ProgressReporter {
  const tty = stream.isTTY === true;
  const startedAt = Date.now();
  let lastDrawn = 0;
  let lastPhase = '';
  let barShown = false;
  return {
    update({ phase, done, total }) {
      if (!enabled) return;
      const now = Date.now();
      const phaseChanged = phase !== lastPhase;
      if (!phaseChanged && now - lastDrawn < (tty ? BAR_INTERVAL_MS : LINE_INTERVAL_MS)) return;
      lastDrawn = now;
      lastPhase = phase;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = ((now - startedAt) / 1000).toFixed(1);
      const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
      if (tty) {
        const filled = Math.round(fraction * BAR_WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
        stream.write(
          `\r\x1b[2K${phase.padEnd(18)} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${counts} ${elapsed}s`,
        );
        barShown = true;
      } else {
        stream.write(`[${elapsed}s] ${phase}: ${counts} (${(fraction * 100).toFixed(0)}%)\n`);
      }
    },
    done() {
      if (barShown) stream.write('\r\x1b[2K');
      barShown = false;
    },
  };
}
