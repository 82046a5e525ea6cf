// Which runtime to use: --runtime, else WORKSHOP_RUNTIME, else the one remembered in
// .workshop/runtime.json, else kind when Docker and kind answer, otherwise the sim (said once).
import { join } from 'node:path';
import { RuntimeError } from './errors.ts';
import { readJson, workshopDir, writeJson } from './paths.ts';
import { dockerAnswers, kindAnswers } from './tools.ts';
import { RUNTIME_NAMES, type RuntimeName } from './types.ts';

export interface RuntimeChoice {
  name: RuntimeName;
  /** Where the choice came from, for `status` and for messages. */
  source: 'flag' | 'env' | 'remembered' | 'auto';
  /** A line to show the user once (the sim fallback notice), if any. */
  notice?: string;
}

export const SIM_FALLBACK_NOTICE =
  'Docker is not available, so the workshop uses its embedded cluster (sim). See lab doctor.';

export function parseRuntimeName(value: string, where: string): RuntimeName {
  if ((RUNTIME_NAMES as readonly string[]).includes(value)) return value as RuntimeName;
  throw new RuntimeError(`${where} must be one of ${RUNTIME_NAMES.join(', ')}; found "${value}"`);
}

export function rememberedRuntime(options: {
  repoRoot: string;
  workshopDir?: string;
}): RuntimeName | undefined {
  const saved = readJson<{ runtime?: string }>(join(workshopDir(options), 'runtime.json'));
  return saved?.runtime && (RUNTIME_NAMES as readonly string[]).includes(saved.runtime)
    ? (saved.runtime as RuntimeName)
    : undefined;
}

export function rememberRuntime(
  options: { repoRoot: string; workshopDir?: string },
  name: RuntimeName,
): void {
  writeJson(join(workshopDir(options), 'runtime.json'), {
    runtime: name,
    chosenAt: new Date().toISOString(),
  });
}

export function forgetRuntime(options: { repoRoot: string; workshopDir?: string }): void {
  writeJson(join(workshopDir(options), 'runtime.json'), {});
}

export async function chooseRuntime(options: {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  repoRoot: string;
  workshopDir?: string;
}): Promise<RuntimeChoice> {
  const env = options.env ?? process.env;
  if (options.flag) return { name: parseRuntimeName(options.flag, '--runtime'), source: 'flag' };
  if (env.WORKSHOP_RUNTIME)
    return { name: parseRuntimeName(env.WORKSHOP_RUNTIME, 'WORKSHOP_RUNTIME'), source: 'env' };
  const remembered = rememberedRuntime(options);
  if (remembered) return { name: remembered, source: 'remembered' };
  const [docker, kind] = await Promise.all([dockerAnswers(env), kindAnswers(env)]);
  if (docker && kind) return { name: 'kind', source: 'auto' };
  return {
    name: 'sim',
    source: 'auto',
    notice: docker
      ? 'kind is not installed, so the workshop uses its embedded cluster (sim). See lab doctor.'
      : SIM_FALLBACK_NOTICE,
  };
}
