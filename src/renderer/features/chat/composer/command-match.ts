/** Slash-command completion: when it opens, what it matches, what picking inserts. Pure. */
import type { AvailableCommand } from '@agentclientprotocol/sdk';

/** The typed command name after a leading "/", while no space has been typed yet. */
export function commandQuery(text: string): string | null {
  const m = /^\/(\S*)$/.exec(text);
  return m ? (m[1] ?? '') : null;
}

/** Prefix matches first, then substring matches, each in the agent's order. */
export function matchCommands(commands: readonly AvailableCommand[], query: string): AvailableCommand[] {
  const q = query.toLowerCase();
  const prefix = commands.filter((c) => c.name.toLowerCase().startsWith(q));
  const inner = commands.filter((c) => !c.name.toLowerCase().startsWith(q) && c.name.toLowerCase().includes(q));
  return [...prefix, ...inner];
}

export function insertCommand(command: AvailableCommand): string {
  return `/${command.name} `;
}
