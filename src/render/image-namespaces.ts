// `rbd namespace ls`: a NAME table, JSON `[{"name": ...}]` (tools/rbd/action/Namespace.cc).
import type { Rendering } from './output.js';
import { textTable } from './table.js';

export const namespaceListRendering: Rendering<string[]> = {
  root: 'namespaces',
  json: (names) => names.map((name) => ({ name })),
  plain: (names) => (names.length ? textTable([{ header: 'NAME' }], names.map((n) => [n])) : ''),
};
