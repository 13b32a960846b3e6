import { cachedLines } from './dataset';
import { packLines, unpackLines } from '../functions/store/columns';
const lines = await cachedLines(3000);
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  const chunks = packLines(lines);
  const p = performance.now() - t;
  t = performance.now();
  const back = unpackLines(chunks);
  console.log('pack', Math.round(p), 'unpack', Math.round(performance.now() - t), chunks.length, chunks.reduce((a, c) => a + c.length, 0), back.length);
}
