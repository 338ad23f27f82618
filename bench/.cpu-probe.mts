import { withBrowser } from './browser-pages.ts';
import { measurePageCpu } from './page-cpu.ts';
const r = await withBrowser((b, url) => measurePageCpu(b, url, Number(process.argv[2] ?? 15)));
console.log(JSON.stringify(r, null, 1));
