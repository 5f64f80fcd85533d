// Surgical text edits: replace the source text of scalar nodes, leave every other byte (comments, spacing,
// quoting elsewhere) exactly as written. Re-stringifying a yaml Document would normalise layout.

export interface TextEdit {
  start: number; // offset of the first character replaced
  end: number; // offset after the last character replaced
  text: string;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start); // back to front: earlier offsets stay valid
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
