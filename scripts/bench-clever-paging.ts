// Benchmark "Clever client paging": the client streams a synthetic district of ~100,000 users from the
// emulator, page by page, and we record time, pages, peak RSS of the reading process, and that every
// record arrives exactly once. The emulator runs in a child process so its copy of the district does
// not count against the client's memory.
//
//   npx tsx scripts/bench-clever-paging.ts [--students 92000] [--page-size 10000] [--hold-all]
//   node --expose-gc --import tsx scripts/bench-clever-paging.ts   (adds the heap kept after each page)
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startCleverEmulator } from '../dev/clever-emulator/start.ts';
import { generateDistrict } from '../dev/synth/district.ts';
import { createCleverClient } from '../lib/clever/client.ts';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '92000' },
    'page-size': { type: 'string', default: '10000' },
    serve: { type: 'boolean', default: false },
    /** For comparison only: keep every record, as a non-streaming reader would. */
    'hold-all': { type: 'boolean', default: false },
  },
});
const students = Number(values.students);

if (values.serve) {
  const district = generateDistrict({ seed: 2026, students });
  const emulator = await startCleverEmulator({ data: [district], faults: { rateLimitPerMinute: 100_000 } });
  process.send?.({
    url: emulator.apiUrl,
    token: emulator.tokens[district.district.id],
    users: district.users.length,
  });
} else {
  const child = fork(import.meta.filename, ['--serve', '--students', String(students)], {
    execArgv: ['--import', 'tsx'],
  });
  const server = await new Promise<{ url: string; token: string; users: number }>((resolve) =>
    child.once('message', (message) => resolve(message as { url: string; token: string; users: number })),
  );
  const pageSize = Number(values['page-size']);
  const client = createCleverClient({ apiBase: server.url, pageSize });
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  const held: unknown[] = [];
  // Clever lists ascend by id, so a strictly ascending stream of the right length is every record once,
  // checked without keeping a set of ids that would itself grow with the district.
  let previousId = '';
  let outOfOrder = 0;
  let count = 0;
  let retainedHeap = 0;
  const started = performance.now();
  for await (const user of client.listUsers({ token: server.token })) {
    count++;
    if (values['hold-all']) held.push(user);
    if (user.id <= previousId) outOfOrder++;
    previousId = user.id;
    if (count % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (global.gc && count % pageSize === 0) {
      // With --expose-gc: what survives a collection is what the reader really keeps.
      global.gc();
      retainedHeap = Math.max(retainedHeap, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  child.kill('SIGTERM');
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
  console.log(
    JSON.stringify(
      {
        usersInDistrict: server.users,
        usersRead: count,
        strictlyAscending: outOfOrder === 0,
        everyRecordOnce: count === server.users && outOfOrder === 0,
        pageSize,
        heldAllRecords: held.length > 0,
        pages: Math.ceil(count / pageSize),
        seconds: Number(seconds.toFixed(2)),
        usersPerSecond: Math.round(count / seconds),
        baselineRss: mb(baselineRss),
        peakRss: mb(peakRss),
        growth: mb(peakRss - baselineRss),
        ...(global.gc ? { maxHeapAfterGc: mb(retainedHeap) } : {}),
      },
      null,
      2,
    ),
  );
}
