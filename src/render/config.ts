// `rbd config global list` in rbd's table and JSON/XML keys.
import type { ConfigOverride } from '../domain/config.js';
import type { Rendering } from './output.js';
import { textTable } from './table.js';

export const configListRendering: Rendering<ConfigOverride[]> = {
  root: 'config',
  json: (list) => list.map((o) => ({ name: o.name, value: o.value, section: o.section })),
  // rbd prints nothing at all (not even the header) when no override is set
  plain: (list) => (list.length ? textTable([{ header: 'Name' }, { header: 'Value' }, { header: 'Section' }], list.map((o) => [o.name, o.value, o.section])) : ''),
  xmlItems: { config: 'option' },
};
