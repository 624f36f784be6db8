// The WHATWG URL class exists in every runtime shared code runs in (Node, Chromium), but its
// type lives in the DOM or Node typings, which the shared zone's tsconfig deliberately leaves
// out. This declares just what shared code uses; the other zones' tsconfigs exclude this file.
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
  readonly hash: string;
  readonly pathname: string;
  toString(): string;
}
