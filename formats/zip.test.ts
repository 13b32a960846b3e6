import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, readZipDirectory, readZipEntry, streamZipEntry, tableCrc32, writeZip, ZipError, type ZipEntry } from './zip';

const text = (value: string) => new TextEncoder().encode(value);
const files = (entries: Record<string, string | Uint8Array>) =>
  Object.entries(entries).map(([name, content]) => ({ name, content: () => [typeof content === 'string' ? text(content) : content] }));

async function entriesOf(bytes: Uint8Array): Promise<Map<string, ZipEntry>> {
  const directory = await readZipDirectory(bytes, 10 ** 9);
  if (!directory.ok) throw new Error(directory.code);
  return directory.entries;
}

async function streamed(entry: ZipEntry, chunkBytes?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await streamZipEntry(entry, (chunk) => chunks.push(Buffer.from(chunk)), chunkBytes);
  return Buffer.concat(chunks);
}

describe('crc32', () => {
  it('is the zip CRC-32, by table and natively, also when continued over pieces', () => {
    expect(tableCrc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, split) => {
        const at = Math.min(split, data.length);
        expect(tableCrc32(data.subarray(at), tableCrc32(data.subarray(0, at)))).toBe(crc32(data));
      }),
    );
  });

  it('continues over an empty piece of any kind (Node 20\'s native CRC gave 0 for TextEncoder\'s empty array)', async () => {
    const before = crc32(text('123456789'));
    for (const empty of [text(''), new Uint8Array(0), Buffer.alloc(0), new Uint8Array(new ArrayBuffer(8), 8)]) expect(crc32(empty, before)).toBe(before);
    const archive = await writeZip([{ name: 'a', content: () => [text('123456789'), text('')] }]);
    expect((await entriesOf(archive)).get('a')!.crc32).toBe(0xcbf43926);
  });
});

describe('writeZip and reading it back', () => {
  it('round-trips names and contents, whole or streamed in small chunks', async () => {
    const large = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    const bytes = await writeZip([...files({ 'a.txt': 'hello', 'dir/学校.xml': '<x>在校生</x>', 'empty': '' }), { name: 'large.bin', content: () => [large.subarray(0, 100_000), large.subarray(100_000)] }]);
    const entries = await entriesOf(bytes);
    expect([...entries.keys()]).toEqual(['a.txt', 'dir/学校.xml', 'empty', 'large.bin']);
    expect((await readZipEntry(entries.get('a.txt')!)).toString()).toBe('hello');
    expect((await readZipEntry(entries.get('dir/学校.xml')!)).toString()).toBe('<x>在校生</x>');
    expect((await readZipEntry(entries.get('empty')!)).length).toBe(0);
    expect((await streamed(entries.get('large.bin')!, 4096)).equals(large)).toBe(true);
    expect(entries.get('large.bin')!.compressedSize).toBeLessThan(large.length);
  });

  it('gives identical bytes for identical input, with the fixed 1980-01-01 timestamp', async () => {
    const make = () => writeZip(files({ 'a.xml': '<a/>', 'b.xml': 'b'.repeat(10_000) }));
    const [first, second] = [await make(), await make()];
    expect(Buffer.from(first).equals(second)).toBe(true);
    const view = new DataView(first.buffer, first.byteOffset);
    expect([view.getUint16(10, true), view.getUint16(12, true)]).toEqual([0, (1 << 5) | 1]);
  });

  it('reads entries that are stored rather than deflated', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRow(['x']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions));
    const entries = await entriesOf(bytes);
    const workbookXml = entries.get('xl/workbook.xml')!;
    expect(workbookXml.method).toBe(0);
    expect((await readZipEntry(workbookXml)).toString()).toContain('<sheet ');
    expect((await streamed(workbookXml, 100)).toString()).toBe((await readZipEntry(workbookXml)).toString());
  });
});

/** A one-entry zip whose directory claims `declaredSize` bytes for content that inflates to `content.length`. */
function zipClaiming(content: Uint8Array, declaredSize: number): Uint8Array {
  const compressed = deflateRawSync(content);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(name.length, 28);
  const directoryOffset = 30 + name.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, compressed, central, name, end]));
}

describe('hostile archives', () => {
  const bomb = new Uint8Array(20 * 2 ** 20); // 20 MB of zeros deflate to about 20 KB

  it('refuses an archive whose declared sizes exceed the limit, before inflating anything', async () => {
    expect(await readZipDirectory(zipClaiming(bomb, bomb.length), 2 ** 20)).toEqual({ ok: false, code: 'xlsx_expands_too_far', params: { maximum: 1 } });
  });

  it('stops inflating an entry at its declared size when the directory lies', async () => {
    const bytes = zipClaiming(bomb, 1000);
    const entry = (await entriesOf(bytes)).get('xl/worksheets/sheet1.xml')!;
    await expect(readZipEntry(entry)).rejects.toThrow(/"damage":"too_long"/);
    let inflated = 0;
    await expect(streamZipEntry(entry, (chunk) => (inflated += chunk.length), 256)).rejects.toThrow(/"damage":"too_long"/);
    expect(inflated).toBeLessThanOrEqual(1000);
  });

  it('detects content that inflates to less than declared, or to different bytes', async () => {
    const short = zipClaiming(text('abc'), 4);
    await expect(readZipEntry((await entriesOf(short)).values().next().value!)).rejects.toThrow(/"damage":"size"/);
    const tampered = zipClaiming(text('abc'), 3);
    const view = new DataView(tampered.buffer);
    const centralCrc = tampered.length - 22 - 46 - 24 + 16;
    view.setUint32(centralCrc, view.getUint32(centralCrc, true) ^ 1, true);
    const entry = (await entriesOf(tampered)).values().next().value!;
    await expect(readZipEntry(entry)).rejects.toThrow(/"damage":"crc"/);
    await expect(streamZipEntry(entry, () => {})).rejects.toThrow(/"damage":"crc"/);
  });

  it('truncated or altered archives give a message or ZipError, never another exception', async () => {
    const good = await writeZip(files({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook>' + 'x'.repeat(2000) + '</workbook>' }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.nat(good.length - 1).map((length) => good.slice(0, length)),
          fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
            const bytes = good.slice();
            for (const [at, value] of edits) bytes[at] = value;
            return bytes;
          }),
        ),
        async (bytes) => {
          const directory = await readZipDirectory(bytes, 10 ** 6);
          if (!directory.ok) {
            expect(directory.code).toMatch(/^xlsx_/);
            return;
          }
          for (const entry of directory.entries.values()) {
            for (const read of [() => readZipEntry(entry), () => streamZipEntry(entry, () => {})]) {
              try {
                await read();
              } catch (error) {
                expect(error).toBeInstanceOf(ZipError);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
