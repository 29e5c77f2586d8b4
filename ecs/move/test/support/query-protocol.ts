// The AWS Query protocol (ELBv2) as far as the stand-in needs it: form-encoded input, XML output.

/** `Targets.member.1.Id=x` → `{ Targets: [{ Id: 'x' }] }` (the Query protocol's list encoding). */
export function unflatten(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === 'member') continue;
      const slot: string | number = Array.isArray(node) ? Number(part) - 1 : part;
      const nextIsList = parts[i + 1] === 'member';
      const holder = node as Record<string | number, unknown>;
      if (last) holder[slot] = value;
      else holder[slot] ??= nextIsList ? [] : {};
      node = holder[slot] as Record<string, unknown> | unknown[];
    }
  }
  return root;
}

export function xml(name: string, value: unknown): string {
  if (Array.isArray(value)) return `<${name}>${value.map((item) => xml('member', item)).join('')}</${name}>`;
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xml(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${name}>`;
}
