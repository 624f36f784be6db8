export function checkElectron(io: {
  readonly electronDir: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exists: (p: string) => boolean;
  readonly readFile: (p: string) => string;
}): { ok: true; binary: string } | { ok: false; problem: string };

export function explainMissingElectron(problem: string): string;
