// Types for the shared vitest settings, so packages can typecheck their vitest.config.ts.
import type { UserConfig } from 'vitest/config';

declare const config: UserConfig;
export default config;
