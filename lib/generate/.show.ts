import { generateRawEvents } from "@/lib/generate";
const want = process.argv[2];
const pred = process.argv[3] ?? "";
for (const e of generateRawEvents({ count: 30000, days: 14, seed: 7, now: new Date("2026-11-20T12:00:00Z") })) {
  if (e.format !== want) continue;
  const s = JSON.stringify(e.item);
  if (pred && !s.includes(pred)) continue;
  console.log(JSON.stringify(e.item, null, 1));
  break;
}
