import { TestApp } from './test-app';

/** The value of an unlabelled metric on the instance's `/metrics` (0 when it has no sample yet). */
export async function metric(t: TestApp, name: string): Promise<number> {
  const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
