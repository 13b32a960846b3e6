import { benchPhasePairs } from './pairs';
import { treeOf } from './trees';
const before = treeOf('main');
const pairs = await benchPhasePairs([['allocate', 5]], { schools: 3000, rounds: 5, before: before.root }, (l) => console.error(l));
for (const p of pairs) console.log(p.phase, 'after', p.after.map((r) => r.medianMs), 'before', p.before!.map((r) => r.medianMs), 'time', JSON.stringify(p.timeOverBefore), 'rss', p.after.map((r) => r.peakRssMb), p.before!.map((r) => r.peakRssMb));
