// The machine a run was measured on, for the report.
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: others share this machine. */
  load: number;
}

export async function describeMachine(): Promise<Machine> {
  const release = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const os = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? process.platform;
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os,
    node: process.version,
    load: loadavg()[0],
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, Node ${m.node}; load average ${m.load.toFixed(2)} at the start (the machine is shared)`;
}
