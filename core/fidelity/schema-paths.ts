// Every key path of the config schema ('a.b', 'list[].key', 'map.*' for free maps), following $ref, oneOf,
// anyOf and allOf — the set the fidelity matrix must cover.
type Node = Record<string, unknown>;

export function schemaKeyPaths(schema: Node): string[] {
  const defs = (schema.definitions ?? schema.$defs ?? {}) as Record<string, Node>;
  const out = new Set<string>();
  const walk = (node: Node | undefined, path: string, seen: Set<string>): void => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      const name = node.$ref.split('/').pop()!;
      if (!seen.has(name)) walk(defs[name], path, new Set([...seen, name]));
      return;
    }
    for (const k of ['oneOf', 'anyOf', 'allOf'])
      for (const sub of (node[k] as Node[] | undefined) ?? []) walk(sub, path, seen);
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const p = path ? `${path}.${k}` : k;
      out.add(p);
      walk(v, p, seen);
    }
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items))
      walk(node.items as Node, `${path}[]`, seen);
  };
  walk(schema, '', new Set());
  return [...out];
}
