// A command as the router bundles hold it (scripts/lazy-commands.mjs): its definition, for the
// parser, help and completion, and no code; the command runs in its own bundle (bundle-dispatch.ts).
import type { AnyCommand } from './define.js';

export function definitionOnly(definition: Omit<AnyCommand, 'run'>): AnyCommand {
  return {
    ...definition,
    run: () => Promise.reject(new Error(`${definition.path.join(' ')} runs from its own bundle (bundle-dispatch.ts)`)),
  };
}
